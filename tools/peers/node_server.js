#!/usr/bin/env node
'use strict';
// node-smpp SMSC peer for interop tests. Listens on 127.0.0.1 only.
//
// node node_server.js --port P [--account ID:PW]... [--dlr-delay-ms N] [--dlr-state DELIVRD]
//        [--mo-text TEXT] [--mo-from ADDR] [--mo-to ADDR] [--enquire-link-ms N]
//        [--system-id NODESMSC] [--sessions N] [--dlr-date YYMMDDhhmm] [--timeout-s 30] [--no-hex]
//
//   --port 0 picks a free port; the real port is in the first line: {"event":"listening","port":P,...}
//   --account    may repeat; default "test:secret". Unknown system_id -> ESME_RINVSYSID (0x0F),
//                wrong password -> ESME_RINVPASWD (0x0E), second bind on a session -> ESME_RALYBND.
//   submit_sm    -> submit_sm_resp with message_id "5f1c2d000001", "5f1c2d000002", ... Empty
//                destination_addr -> ESME_RINVDSTADR. If registered_delivery & 3 requests a receipt,
//                after --dlr-delay-ms (default 100) a deliver_sm receipt (esm_class 0x04, Appendix B
//                text "id:.. sub:001 dlvrd:.. submit date:.. done date:.. stat:.. err:.. text:..",
//                TLVs receipted_message_id + message_state [+ network_error_code if not DELIVRD]) goes to
//                the same session if it is (still) bound RX/TRX, else to another bound RX/TRX session of
//                the same system_id (e.g. a TX+RX pair), else it is dropped ({"event":"dlr_dropped"}).
//   --mo-text    after every RX/TRX bind, one MO deliver_sm is sent (from --mo-from, to --mo-to).
//   --enquire-link-ms  server sends enquire_link to every bound session at this interval.
//   --dlr-date   fixed "submit date"/"done date" for receipts (default: current UTC time).
//   --sessions N exit 0 once N TCP sessions have closed (exit 1 if the timeout comes first).
// Also answers enquire_link, unbind, data_sm, query_sm, cancel_sm, replace_sm, submit_multi;
// anything else gets generic_nack ESME_RINVCMDID.
// stdout: one JSON object per line (listening, connect, pdu_in, pdu_out, bound, bind_refused,
// submit, dlr_sent, dlr_dropped, mo_sent, unbound, close, done|timeout|stopped).
// Exit codes: 0 ok/stopped by SIGTERM or SIGINT, 1 timeout while --sessions not reached or an
// internal error, 64 bad arguments.
const smpp = require('smpp');
const { parsePdu } = require('./smpp_wire');

// ------------------------------------------------------------------ arguments
function parseArgs(argv) {
  const o = { port: null, accounts: [], dlrDelayMs: 100, dlrState: 'DELIVRD', moText: null, moFrom: '61400000099',
    moTo: null, enquireLinkMs: 0, systemId: 'NODESMSC', sessions: 0, timeoutS: 30, hex: true, dlrDate: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = () => { if (i + 1 >= argv.length) usage(`missing value for ${a}`); return argv[++i]; };
    switch (a) {
      case '--port': o.port = parseInt(v(), 10); break;
      case '--account': { const s = v(), k = s.indexOf(':'); if (k < 1) usage('--account needs ID:PW'); o.accounts.push([s.slice(0, k), s.slice(k + 1)]); break; }
      case '--dlr-delay-ms': o.dlrDelayMs = parseInt(v(), 10); break;
      case '--dlr-state': o.dlrState = v().toUpperCase(); break;
      case '--mo-text': o.moText = v(); break;
      case '--mo-from': o.moFrom = v(); break;
      case '--mo-to': o.moTo = v(); break;
      case '--enquire-link-ms': o.enquireLinkMs = parseInt(v(), 10); break;
      case '--system-id': o.systemId = v(); break;
      case '--sessions': o.sessions = parseInt(v(), 10); break;
      case '--dlr-date': o.dlrDate = v(); if (!/^\d{10}$/.test(o.dlrDate)) usage('--dlr-date must be YYMMDDhhmm'); break;
      case '--timeout-s': o.timeoutS = parseFloat(v()); break;
      case '--no-hex': o.hex = false; break;
      case '-h': case '--help': usage(null); break;
      default: usage(`unknown argument ${a}`);
    }
  }
  if (o.port === null || Number.isNaN(o.port)) usage('--port is required');
  if (!o.accounts.length) o.accounts.push(['test', 'secret']);
  if (!(o.timeoutS > 0)) usage('--timeout-s must be > 0');
  return o;
}
function usage(msg) {
  if (msg) process.stderr.write(`node_server.js: ${msg}\n`);
  process.stderr.write('usage: node node_server.js --port P [--account ID:PW]... [--dlr-delay-ms N] [--dlr-state DELIVRD] [--mo-text TEXT] [--mo-from A] [--mo-to B] [--enquire-link-ms N] [--system-id ID] [--sessions N] [--dlr-date YYMMDDhhmm] [--timeout-s 30] [--no-hex]\n');
  process.exit(msg ? 64 : 0);
}

const opt = parseArgs(process.argv.slice(2));
const accounts = new Map(opt.accounts);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const E = smpp.errors;
const statusName = (code) => Object.keys(E).find((k) => E[k] === code) || `0x${code.toString(16)}`;
const STATES = { ENROUTE: 1, DELIVRD: 2, EXPIRED: 3, DELETED: 4, UNDELIV: 5, ACCEPTD: 6, UNKNOWN: 7, REJECTD: 8 };
if (!(opt.dlrState in STATES)) usage(`--dlr-state must be one of ${Object.keys(STATES).join(', ')}`);

let exiting = false;
function finish(event, code) {
  if (exiting) return;
  exiting = true;
  out({ event, ...(event === 'done' ? { sessions: closedSessions } : {}) });
  for (const s of live) { try { s.destroy(); } catch (e) { /* ignore */ } }
  server.close();
  process.exitCode = code;
  setTimeout(() => process.exit(code), 50);
}
setTimeout(() => finish('timeout', opt.sessions ? 1 : 0), opt.timeoutS * 1000).unref();
process.on('SIGTERM', () => finish('stopped', 0));
process.on('SIGINT', () => finish('stopped', 0));
process.on('uncaughtException', (e) => { out({ event: 'error', message: String(e && e.stack || e) }); finish('error', 1); });

// ------------------------------------------------------------------ helpers
const two = (n) => String(n).padStart(2, '0');
const dlrDate = (d) => opt.dlrDate || `${two(d.getUTCFullYear() % 100)}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}`;
const smppTime = (d) => (opt.dlrDate ? `${opt.dlrDate}00000+` : `${dlrDate(d)}${two(d.getUTCSeconds())}000+`);
function gsmOrUcs2(text) { return smpp.encodings.ASCII.match(text) ? 0x00 : 0x08; }
function messageText(pdu) {
  const m = pdu.short_message && pdu.short_message.message && pdu.short_message.message.length ? pdu.short_message.message
    : (pdu.message_payload && pdu.message_payload.message) || '';
  return Buffer.isBuffer(m) ? m.toString('latin1') : String(m);
}

let nextId = 0x5f1c2d000001;
const messages = new Map(); // message_id -> {state, final_date}
const live = new Set();
let sessionNo = 0, closedSessions = 0;

// ------------------------------------------------------------------ server
const server = smpp.createServer((session) => {
  const id = ++sessionNo;
  const socket = session.socket;
  const st = { id, bind: null, systemId: null, timers: new Set() };
  session.st = st;
  live.add(session);
  out({ event: 'connect', session: id, remote: `${socket.remoteAddress}:${socket.remotePort}` });

  // Record exact bytes read/written so the log shows what really travelled.
  const inBufs = [];
  const origRead = socket.read.bind(socket);
  socket.read = (n) => { const b = origRead(n); if (b) inBufs.push(b); return b; };
  const origWrite = socket.write.bind(socket);
  socket.write = (data, ...rest) => { if (Buffer.isBuffer(data)) logPdu('pdu_out', data); return origWrite(data, ...rest); };
  function logPdu(event, buf) {
    const p = parsePdu(buf);
    const o = { event, session: id, command: p.command, command_status: p.command_status, sequence_number: p.sequence_number };
    if (opt.hex) o.hex = buf.toString('hex');
    o.fields = p.fields; o.tlvs = p.tlvs;
    if (p.error) o.parse_error = p.error;
    out(o);
  }
  const timer = (fn, ms) => { const t = setTimeout(() => { st.timers.delete(t); fn(); }, ms); st.timers.add(t); return t; };

  session.on('pdu', (pdu) => {
    logPdu('pdu_in', Buffer.concat(inBufs.splice(0)));
    if (pdu.isResponse()) return; // deliver_sm_resp, enquire_link_resp, unbind_resp, generic_nack: logged only
    handle(pdu);
  });
  session.on('error', (e) => out({ event: 'session_error', session: id, message: String(e.message || e) }));
  socket.on('close', () => {
    for (const t of st.timers) clearTimeout(t);
    live.delete(session);
    closedSessions++;
    out({ event: 'close', session: id });
    if (opt.sessions && closedSessions >= opt.sessions) finish('done', 0);
  });

  const reply = (pdu, o) => session.send(pdu.response(o || {}));
  const boundTx = () => st.bind === 'tx' || st.bind === 'trx';
  const boundRx = () => st.bind === 'rx' || st.bind === 'trx';

  function handle(pdu) {
    switch (pdu.command) {
      case 'bind_transmitter': case 'bind_receiver': case 'bind_transceiver': {
        const kind = { bind_transmitter: 'tx', bind_receiver: 'rx', bind_transceiver: 'trx' }[pdu.command];
        let status = 0;
        if (st.bind) status = E.ESME_RALYBND;
        else if (!accounts.has(pdu.system_id)) status = E.ESME_RINVSYSID;
        else if (accounts.get(pdu.system_id) !== pdu.password) status = E.ESME_RINVPASWD;
        if (status) {
          out({ event: 'bind_refused', session: id, bind: kind, system_id: pdu.system_id, command_status: status, status_name: statusName(status) });
          return reply(pdu, { command_status: status });
        }
        st.bind = kind; st.systemId = pdu.system_id; st.addressRange = pdu.address_range;
        reply(pdu, { system_id: opt.systemId });
        out({ event: 'bound', session: id, bind: kind, system_id: pdu.system_id, interface_version: pdu.interface_version });
        if (opt.moText !== null && boundRx()) timer(sendMo, 50);
        if (opt.enquireLinkMs > 0) {
          const iv = setInterval(() => { if (st.bind) session.enquire_link(); }, opt.enquireLinkMs);
          st.timers.add(iv);
        }
        return;
      }
      case 'enquire_link': return reply(pdu);
      case 'unbind':
        st.bind = null;
        reply(pdu);
        out({ event: 'unbound', session: id });
        return void setTimeout(() => socket.end(), 100);
      case 'submit_sm': {
        if (!boundTx()) return reply(pdu, { command_status: E.ESME_RINVBNDSTS });
        if (!pdu.destination_addr) return reply(pdu, { command_status: E.ESME_RINVDSTADR });
        const messageId = (nextId++).toString(16);
        const submitted = new Date();
        messages.set(messageId, { state: STATES.ENROUTE, final_date: '' });
        reply(pdu, { message_id: messageId });
        const text = messageText(pdu);
        out({ event: 'submit', session: id, message_id: messageId, source_addr: pdu.source_addr, destination_addr: pdu.destination_addr,
          data_coding: pdu.data_coding, esm_class: pdu.esm_class, registered_delivery: pdu.registered_delivery, text });
        if ((pdu.registered_delivery & 0x03) === 0x01 || ((pdu.registered_delivery & 0x03) === 0x02 && opt.dlrState !== 'DELIVRD')) {
          // not a per-session timer: the receipt survives the submitting session (it may go to another session)
          setTimeout(() => sendReceipt(pdu, messageId, submitted, text), opt.dlrDelayMs);
        }
        return;
      }
      case 'data_sm': {
        const messageId = (nextId++).toString(16);
        messages.set(messageId, { state: STATES.ENROUTE, final_date: '' });
        return reply(pdu, { message_id: messageId });
      }
      case 'submit_multi': {
        if (!boundTx()) return reply(pdu, { command_status: E.ESME_RINVBNDSTS });
        return reply(pdu, { message_id: (nextId++).toString(16), unsuccess_sme: [] });
      }
      case 'query_sm': {
        const m = messages.get(pdu.message_id);
        if (!m) return reply(pdu, { command_status: E.ESME_RQUERYFAIL });
        return reply(pdu, { message_id: pdu.message_id, final_date: m.final_date, message_state: m.state, error_code: 0 });
      }
      case 'cancel_sm': case 'replace_sm':
        if (pdu.message_id && !messages.has(pdu.message_id))
          return reply(pdu, { command_status: pdu.command === 'cancel_sm' ? E.ESME_RCANCELFAIL : E.ESME_RREPLACEFAIL });
        return reply(pdu);
      default:
        return session.send(new smpp.PDU('generic_nack', { sequence_number: pdu.sequence_number, command_status: E.ESME_RINVCMDID }));
    }
  }

  function sendReceipt(sub, messageId, submitted, text) {
    const done = new Date();
    const stat = opt.dlrState;
    const m = messages.get(messageId);
    if (m && stat !== 'ENROUTE' && stat !== 'ACCEPTD') { m.state = STATES[stat]; m.final_date = smppTime(done); }
    const target = (live.has(session) && boundRx()) ? session
      : [...live].find((s) => s.st.bind && s.st.bind !== 'tx' && s.st.systemId === st.systemId);
    if (exiting) return;
    if (!target) return out({ event: 'dlr_dropped', session: id, message_id: messageId, reason: 'no bound RX/TRX session for this system_id' });
    const ok = stat === 'DELIVRD';
    const short = `id:${messageId} sub:001 dlvrd:${ok ? '001' : '000'} submit date:${dlrDate(submitted)} done date:${dlrDate(done)} stat:${stat} err:${ok ? '000' : '001'} text:${text.replace(/[^\x20-\x7e]/g, '').slice(0, 20)}`;
    const o = {
      source_addr_ton: sub.dest_addr_ton, source_addr_npi: sub.dest_addr_npi, source_addr: sub.destination_addr,
      dest_addr_ton: sub.source_addr_ton, dest_addr_npi: sub.source_addr_npi, destination_addr: sub.source_addr,
      esm_class: 0x04, data_coding: 0x00, short_message: short,
      receipted_message_id: messageId, message_state: STATES[stat],
    };
    if (!ok) o.network_error_code = Buffer.from([0x03, 0x00, 0x01]);
    target.deliver_sm(o);
    out({ event: 'dlr_sent', session: target.st.id, message_id: messageId, stat });
  }

  function sendMo() {
    if (!boundRx()) return;
    const to = opt.moTo || st.addressRange || '12345';
    session.deliver_sm({ source_addr_ton: 1, source_addr_npi: 1, source_addr: opt.moFrom, dest_addr_ton: 0, dest_addr_npi: 0,
      destination_addr: to, esm_class: 0x00, data_coding: gsmOrUcs2(opt.moText), short_message: opt.moText });
    out({ event: 'mo_sent', session: id, source_addr: opt.moFrom, destination_addr: to, text: opt.moText });
  }
});

server.on('error', (e) => { out({ event: 'error', message: String(e.message || e) }); process.exit(1); });
server.listen(opt.port, '127.0.0.1', () => {
  out({ event: 'listening', port: server.address().port, accounts: [...accounts.keys()], system_id: opt.systemId });
});
