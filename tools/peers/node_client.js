#!/usr/bin/env node
'use strict';
// node-smpp ESME peer for interop tests. Connects to 127.0.0.1 only.
//
// node node_client.js --port P --system-id ID --password PW --bind tx|rx|trx
//        [--count N] [--from A] [--to B] [--text T] [--data-coding N] [--expect-mo N]
//        [--expect-receipts N] [--no-wait-receipts] [--system-type S] [--timeout-s 30] [--no-hex]
//
//  1. binds (bind_transmitter / bind_receiver / bind_transceiver)
//  2. tx/trx: submits --count messages (default 1; rx: 0) with registered_delivery 1.
//     data_coding defaults to 0 (GSM 03.38) when the text fits the GSM alphabet, else 8 (UCS2);
//     texts longer than 254 octets go in message_payload.
//  3. trx: waits until a delivery receipt arrived for every message_id (unless --no-wait-receipts);
//     --expect-receipts N (any bind, e.g. an rx session paired with a tx one): waits for N receipts,
//     matched to this session's submits or not; all binds: waits for --expect-mo MO messages (default 0).
//     Every deliver_sm gets deliver_sm_resp.
//  4. sends enquire_link, waits for enquire_link_resp; sends unbind, waits for unbind_resp; closes.
// stdout: JSON lines: connected, bound | bind_failed, submitted | submit_failed, receipt, mo,
// enquire_link_resp, unbound, done (and pdu_in / pdu_out with the raw hex unless --no-hex).
// Exit codes: 0 everything expected happened, 2 bind refused (status printed), 1 anything else
// (connection failure, submit error, missing receipt/MO, timeout, peer unbind), 64 bad arguments.
const smpp = require('smpp');
const { parsePdu } = require('./smpp_wire');

function parseArgs(argv) {
  const o = { port: null, systemId: null, password: null, bind: null, count: null, from: '61400000001', to: '61400000002',
    text: 'Hello from node-smpp', dataCoding: null, expectMo: 0, expectReceipts: 0, waitReceipts: true, systemType: '', timeoutS: 30, hex: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = () => { if (i + 1 >= argv.length) usage(`missing value for ${a}`); return argv[++i]; };
    switch (a) {
      case '--port': o.port = parseInt(v(), 10); break;
      case '--system-id': o.systemId = v(); break;
      case '--password': o.password = v(); break;
      case '--bind': o.bind = v(); break;
      case '--count': o.count = parseInt(v(), 10); break;
      case '--from': o.from = v(); break;
      case '--to': o.to = v(); break;
      case '--text': o.text = v(); break;
      case '--data-coding': o.dataCoding = parseInt(v(), 10); break;
      case '--expect-mo': o.expectMo = parseInt(v(), 10); break;
      case '--expect-receipts': o.expectReceipts = parseInt(v(), 10); break;
      case '--no-wait-receipts': o.waitReceipts = false; break;
      case '--system-type': o.systemType = v(); break;
      case '--timeout-s': o.timeoutS = parseFloat(v()); break;
      case '--no-hex': o.hex = false; break;
      case '-h': case '--help': usage(null); break;
      default: usage(`unknown argument ${a}`);
    }
  }
  if (!o.port) usage('--port is required');
  if (o.systemId === null || o.password === null) usage('--system-id and --password are required');
  if (!['tx', 'rx', 'trx'].includes(o.bind)) usage('--bind must be tx, rx or trx');
  if (o.count === null) o.count = o.bind === 'rx' ? 0 : 1;
  if (o.bind === 'rx' && o.count > 0) usage('a receiver cannot submit: use --count 0 with --bind rx');
  if (o.bind !== 'trx') o.waitReceipts = false;
  if (!(o.timeoutS > 0)) usage('--timeout-s must be > 0');
  return o;
}
function usage(msg) {
  if (msg) process.stderr.write(`node_client.js: ${msg}\n`);
  process.stderr.write('usage: node node_client.js --port P --system-id ID --password PW --bind tx|rx|trx [--count N] [--from A] [--to B] [--text T] [--data-coding N] [--expect-mo N] [--expect-receipts N] [--no-wait-receipts] [--system-type S] [--timeout-s 30] [--no-hex]\n');
  process.exit(msg ? 64 : 0);
}

const opt = parseArgs(process.argv.slice(2));
let quiet = false; // nothing is printed after the final "done" line
const out = (o) => { if (!quiet) process.stdout.write(JSON.stringify(o) + '\n'); };
const E = smpp.errors;
const statusName = (code) => Object.keys(E).find((k) => E[k] === code) || `0x${code.toString(16)}`;

const state = { submitted: [], receipts: new Map(), allReceipts: 0, unmatchedReceipts: 0, mo: 0, errors: [], phase: 'connect' };
let session = null;
let exiting = false;
function exit(code, extra) {
  if (exiting) return;
  exiting = true;
  out({ event: 'done', ok: code === 0, exit_code: code, submitted: state.submitted.length, receipts: state.allReceipts,
    mo: state.mo, errors: state.errors, ...(extra || {}) });
  quiet = true;
  process.exitCode = code;
  try { if (session) session.destroy(); } catch (e) { /* ignore */ }
  setTimeout(() => process.exit(code), 20);
}
setTimeout(() => {
  out({ event: 'timeout', phase: state.phase,
    waiting_for: { receipts: opt.waitReceipts ? state.submitted.filter((s) => !state.receipts.has(s)) : [],
      receipt_count: Math.max(0, opt.expectReceipts - state.allReceipts), mo: Math.max(0, opt.expectMo - state.mo) } });
  state.errors.push(`timeout in phase ${state.phase}`);
  exit(1);
}, opt.timeoutS * 1000).unref();

// Receipt ids may differ in form from submit_sm_resp ids (SMPP.md 7): compare as strings,
// then without leading zeros, then hex<->decimal.
function sameId(a, b) {
  if (a === b) return true;
  const na = a.replace(/^0+/, '').toLowerCase(), nb = b.replace(/^0+/, '').toLowerCase();
  if (na === nb) return true;
  try {
    if (/^[0-9a-f]+$/.test(na) && /^\d+$/.test(nb) && BigInt('0x' + na) === BigInt(nb)) return true;
    if (/^[0-9a-f]+$/.test(nb) && /^\d+$/.test(na) && BigInt('0x' + nb) === BigInt(na)) return true;
  } catch (e) { /* ignore */ }
  return false;
}
function textOf(pdu) {
  const sm = pdu.short_message, mp = pdu.message_payload;
  const m = sm && sm.message && sm.message.length ? sm.message : (mp && mp.message) || (Buffer.isBuffer(mp) ? mp : '');
  return Buffer.isBuffer(m) ? m.toString('latin1') : String(m || '');
}

function waitersDone() {
  const receiptsOk = !opt.waitReceipts || state.submitted.every((id) => state.receipts.has(id));
  return receiptsOk && state.allReceipts >= opt.expectReceipts && state.mo >= opt.expectMo;
}
let onProgress = () => {};

function call(command, options) {
  return new Promise((resolve) => session[command](options || {}, resolve));
}

async function main() {
  session = smpp.connect({ host: '127.0.0.1', port: opt.port });
  session.on('error', (e) => {
    state.errors.push(`socket: ${e.message || e}`);
    out({ event: 'error', phase: state.phase, message: String(e.message || e) });
    exit(1);
  });
  session.on('close', () => {
    if (state.phase !== 'closing') { state.errors.push(`connection closed in phase ${state.phase}`); out({ event: 'closed_by_peer', phase: state.phase }); exit(1); }
  });
  if (opt.hex) {
    const socket = session.socket;
    const inBufs = [];
    const origRead = socket.read.bind(socket);
    socket.read = (n) => { const b = origRead(n); if (b) inBufs.push(b); return b; };
    const origWrite = socket.write.bind(socket);
    socket.write = (data, ...rest) => {
      if (Buffer.isBuffer(data)) { const p = parsePdu(data); out({ event: 'pdu_out', command: p.command, command_status: p.command_status, sequence_number: p.sequence_number, hex: data.toString('hex') }); }
      return origWrite(data, ...rest);
    };
    session.on('pdu', () => {
      const buf = Buffer.concat(inBufs.splice(0));
      const p = parsePdu(buf);
      out({ event: 'pdu_in', command: p.command, command_status: p.command_status, sequence_number: p.sequence_number, hex: buf.toString('hex') });
    });
  }
  await new Promise((resolve) => session.on('connect', resolve));
  out({ event: 'connected', port: opt.port });

  session.on('deliver_sm', (pdu) => {
    session.send(pdu.response());
    const text = textOf(pdu);
    const msgType = pdu.esm_class & 0x3c;
    if (msgType === 0x04 || msgType === 0x20) {
      const m = /(?:^|\s)id:(\S+)/i.exec(text), s = /stat:(\S+)/i.exec(text);
      const rid = pdu.receipted_message_id || (m && m[1]) || '';
      const match = state.submitted.find((id) => sameId(id, rid));
      out({ event: 'receipt', message_id: match || rid, receipted_message_id: pdu.receipted_message_id || null,
        stat: s ? s[1].toUpperCase() : null, message_state: pdu.message_state === undefined ? null : pdu.message_state,
        intermediate: msgType === 0x20, matched: !!match, text });
      state.allReceipts++;
      if (match) state.receipts.set(match, s ? s[1] : null); else state.unmatchedReceipts++;
    } else {
      state.mo++;
      out({ event: 'mo', source_addr: pdu.source_addr, destination_addr: pdu.destination_addr, data_coding: pdu.data_coding, esm_class: pdu.esm_class, text });
    }
    onProgress();
  });
  session.on('enquire_link', (pdu) => session.send(pdu.response()));
  session.on('unbind', (pdu) => {
    session.send(pdu.response());
    state.errors.push(`peer sent unbind in phase ${state.phase}`);
    out({ event: 'unbound_by_peer', phase: state.phase });
    state.phase = 'closing';
    exit(1);
  });
  session.on('generic_nack', (pdu) => { state.errors.push(`generic_nack ${statusName(pdu.command_status)}`); out({ event: 'generic_nack', command_status: pdu.command_status, status_name: statusName(pdu.command_status) }); });

  // 1. bind
  state.phase = 'bind';
  const bindCmd = { tx: 'bind_transmitter', rx: 'bind_receiver', trx: 'bind_transceiver' }[opt.bind];
  const bresp = await call(bindCmd, { system_id: opt.systemId, password: opt.password, system_type: opt.systemType, interface_version: 0x34 });
  if (bresp.command_status !== 0) {
    out({ event: 'bind_failed', bind: opt.bind, command_status: bresp.command_status, status_name: statusName(bresp.command_status) });
    state.phase = 'closing';
    session.close();
    return exit(2, { bind_status: bresp.command_status });
  }
  out({ event: 'bound', bind: opt.bind, system_id: bresp.system_id || '' });

  // 2. submits
  state.phase = 'submit';
  const dc = opt.dataCoding !== null ? opt.dataCoding : (smpp.encodings.ASCII.match(opt.text) ? 0 : 8);
  const octets = dc === 8 ? Buffer.byteLength(opt.text, 'utf16le') : opt.text.length;
  for (let i = 0; i < opt.count; i++) {
    const o = { source_addr_ton: 1, source_addr_npi: 1, source_addr: opt.from, dest_addr_ton: 1, dest_addr_npi: 1,
      destination_addr: opt.to, registered_delivery: 1, data_coding: dc };
    if (octets > 254) o.message_payload = opt.text; else o.short_message = opt.text;
    const r = await call('submit_sm', o);
    if (r.command_status === 0) {
      state.submitted.push(r.message_id);
      out({ event: 'submitted', index: i, message_id: r.message_id, sequence_number: r.sequence_number });
    } else {
      state.errors.push(`submit ${i}: ${statusName(r.command_status)}`);
      out({ event: 'submit_failed', index: i, command_status: r.command_status, status_name: statusName(r.command_status) });
    }
  }

  // 3. wait for receipts / MO
  state.phase = 'wait';
  if (!waitersDone()) await new Promise((resolve) => { onProgress = () => { if (waitersDone()) resolve(); }; });
  onProgress = () => {};

  // 4. enquire_link + unbind
  state.phase = 'enquire_link';
  const el = await call('enquire_link');
  out({ event: 'enquire_link_resp', command_status: el.command_status });
  if (el.command_status !== 0) state.errors.push(`enquire_link_resp ${statusName(el.command_status)}`);
  state.phase = 'unbind';
  const ub = await call('unbind');
  out({ event: 'unbound', command_status: ub.command_status });
  if (ub.command_status !== 0) state.errors.push(`unbind_resp ${statusName(ub.command_status)}`);
  state.phase = 'closing';
  session.close();
  exit(state.errors.length ? 1 : 0, { unmatched_receipts: state.unmatchedReceipts });
}

main().catch((e) => { state.errors.push(String(e && e.stack || e)); out({ event: 'error', message: String(e && e.message || e) }); exit(1); });
