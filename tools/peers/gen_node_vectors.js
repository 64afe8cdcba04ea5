#!/usr/bin/env node
'use strict';
// Generates smpp-proto/tests/vectors/peers/node_smpp.json from node-smpp (npm "smpp").
//  1. "toBuffer" vectors: new smpp.PDU(command, options).toBuffer()
//  2. "wire" vectors: a node-smpp client and server talking over 127.0.0.1 through a
//     recording proxy (wire_proxy.js); every PDU each side wrote is recorded.
// "fields"/"tlvs" are always derived from the bytes by the independent parser in
// smpp_wire.js and cross-checked against the values passed to the library.
// Usage: node gen_node_vectors.js [--out PATH]   (hard timeout 60 s)
const path = require('path');
const fs = require('fs');
const smpp = require('smpp');
const { parsePdu, LAYOUTS } = require('./smpp_wire');
const { startProxy } = require('./wire_proxy');

const VERSION = require('smpp/package.json').version;
const LIB = `node-smpp ${VERSION}`;
const args = process.argv.slice(2);
const OUT = args.includes('--out') ? args[args.indexOf('--out') + 1]
  : path.join(__dirname, '../../smpp-proto/tests/vectors/peers/node_smpp.json');
setTimeout(() => { console.error('gen_node_vectors: hard timeout'); process.exit(3); }, 60000).unref();

const vectors = [];
const failures = [];
const hex = (s, enc = 'latin1') => Buffer.from(s, enc).toString('hex');
const E = smpp.errors;

function deepEqual(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

// Build a vector from bytes. spec = {name, source, expect:{fields,tlvs,command_status,sequence_number},
// notes:[...], deviation: 'text' (declared library deviation; mismatches/lint then allowed)}
function addVector(buf, spec) {
  const p = parsePdu(buf);
  const notes = [...(spec.notes || [])];
  const problems = [];
  if (p.error) problems.push(`PARSE ERROR: ${p.error}`);
  const exp = spec.expect || {};
  for (const [k, v] of Object.entries(exp.fields || {})) {
    if (!deepEqual(p.fields[k], v)) problems.push(`asked ${k}=${JSON.stringify(v)}, wire has ${JSON.stringify(p.fields[k])}`);
  }
  if (exp.tlvs && !deepEqual(p.tlvs, exp.tlvs))
    problems.push(`asked tlvs=${JSON.stringify(exp.tlvs)}, wire has ${JSON.stringify(p.tlvs)}`);
  for (const k of ['command_status', 'sequence_number']) {
    if (k in exp && exp[k] !== p[k]) problems.push(`asked ${k}=${exp[k]}, wire has ${p[k]}`);
  }
  if (exp.fields_exact && !deepEqual(p.fields, exp.fields)) problems.push(`fields not exactly ${JSON.stringify(exp.fields)}: ${JSON.stringify(p.fields)}`);
  for (const pr of problems) notes.push(`MISMATCH: ${pr}`);
  for (const l of p.lint) notes.push(`SPEC (SMPP.md): ${l}`);
  // deviation: declared SMPP.md deviation (spec_deviation=true); override: node-smpp changed or
  // dropped a value we passed but the bytes are still spec-valid.
  if ((problems.length && !(spec.deviation || spec.override)) || (p.lint.length && !spec.deviation))
    failures.push(`${spec.name}: undeclared: ${[...problems, ...p.lint].join('; ')}`);
  if ((spec.deviation || spec.override) && !problems.length && !p.lint.length)
    failures.push(`${spec.name}: declared deviation/override but the bytes match the request and SMPP.md`);
  if (spec.override) notes.unshift(`LIBRARY OVERRIDE: ${spec.override}`);
  if (spec.deviation) notes.unshift(`DEVIATION: ${spec.deviation}`);
  const deviates = !!(p.lint.length || p.error || spec.deviation);
  // The library's own decoder must accept what it produced.
  try { new smpp.PDU(Buffer.from(buf)); } catch (e) { notes.push(`node-smpp cannot decode its own bytes: ${e.message}`); }
  vectors.push({
    source: spec.source,
    name: spec.name,
    command: p.command,
    hex: Buffer.from(buf).toString('hex'),
    command_id: p.command_id,
    command_status: p.command_status,
    sequence_number: p.sequence_number,
    fields: p.fields,
    tlvs: p.tlvs,
    spec_deviation: deviates,
    ...(p.error ? { parse_error: p.error } : {}),
    notes: notes.join(' | '),
  });
}

function tb(name, command, options, expect, extra = {}) {
  const buf = new smpp.PDU(command, options).toBuffer();
  addVector(buf, { source: `${LIB} toBuffer`, name, expect, ...extra });
}

// A vendor-specific TLV through node-smpp's public addTLV() API (there is no other way to
// put an unknown tag on the wire with node-smpp).
smpp.addTLV('vendor_1400', { id: 0x1400, type: smpp.types.tlv.buffer });
smpp.addTLV('vendor_8081_orig_msc', { id: 0x8081, type: smpp.types.tlv.cstring });

const RECEIPT = 'id:0123456789 sub:001 dlvrd:001 submit date:2503011430 done date:2503011431 stat:DELIVRD err:000 text:Hello world';
const LONG = 'This message is longer than one SMS so it travels in the message payload TLV. '.repeat(4).trim();

function toBufferVectors() {
  // ---- bind family
  tb('bind_transmitter v3.4 with system_type', 'bind_transmitter',
    { sequence_number: 1, system_id: 'esme01', password: 'secret', system_type: 'VMS', interface_version: 0x34, addr_ton: 1, addr_npi: 1, address_range: '' },
    { fields: { system_id: 'esme01', password: 'secret', system_type: 'VMS', interface_version: 0x34, addr_ton: 1, addr_npi: 1, address_range: '' }, sequence_number: 1 });
  tb('bind_receiver with library default interface_version', 'bind_receiver',
    { sequence_number: 2, system_id: 'esme01', password: 'secret' },
    { fields: { system_id: 'esme01', password: 'secret', system_type: '', interface_version: 0x50, addr_ton: 0, addr_npi: 0, address_range: '' } },
    { notes: ['node-smpp defaults interface_version to 0x50 (SMPP 5.0) when not given'] });
  tb('bind_transceiver with address_range', 'bind_transceiver',
    { sequence_number: 3, system_id: 'esme01', password: 'secret', system_type: '', interface_version: 0x34, addr_ton: 1, addr_npi: 1, address_range: '^614' },
    { fields: { system_id: 'esme01', password: 'secret', interface_version: 0x34, addr_ton: 1, addr_npi: 1, address_range: '^614' } });
  tb('bind_transmitter with over-long system_id and password (written as given)', 'bind_transmitter',
    { sequence_number: 4, system_id: 'a-very-long-system-id', password: 'password123', interface_version: 0x34 },
    { fields: { system_id: 'a-very-long-system-id', password: 'password123' } },
    { deviation: 'node-smpp never checks C-octet string maxima: system_id is written as 22 octets (max 16) and password as 12 (max 9)' });
  tb('bind_transmitter_resp success', 'bind_transmitter_resp', { sequence_number: 1, system_id: 'SMSC01' },
    { fields: { system_id: 'SMSC01' }, tlvs: [] });
  tb('bind_receiver_resp success with sc_interface_version TLV', 'bind_receiver_resp',
    { sequence_number: 2, system_id: 'SMSC01', sc_interface_version: 0x34 },
    { fields: { system_id: 'SMSC01' }, tlvs: [{ tag: 0x0210, hex: '34' }] });
  tb('bind_transceiver_resp success', 'bind_transceiver_resp', { sequence_number: 3, system_id: 'SMSC01' },
    { fields: { system_id: 'SMSC01' } });
  tb('bind_transmitter_resp error ESME_RINVPASWD (empty body)', 'bind_transmitter_resp',
    { sequence_number: 1, command_status: E.ESME_RINVPASWD, system_id: 'SMSC01' },
    { fields: {}, fields_exact: true, tlvs: [], command_status: 0x0E },
    { notes: ['system_id was passed but node-smpp writes a header-only PDU whenever command_status != 0'] });
  tb('bind_receiver_resp error ESME_RINVSYSID (empty body)', 'bind_receiver_resp',
    { sequence_number: 2, command_status: E.ESME_RINVSYSID },
    { fields: {}, fields_exact: true, command_status: 0x0F });
  tb('bind_transceiver_resp error ESME_RBINDFAIL (empty body)', 'bind_transceiver_resp',
    { sequence_number: 3, command_status: E.ESME_RBINDFAIL },
    { fields: {}, fields_exact: true, command_status: 0x0D });
  tb('outbind', 'outbind', { sequence_number: 1, system_id: 'SMSC01', password: 'obpass' },
    { fields: { system_id: 'SMSC01', password: 'obpass' } });

  // ---- header-only PDUs
  tb('unbind', 'unbind', { sequence_number: 9 }, { fields: {}, fields_exact: true });
  tb('unbind_resp', 'unbind_resp', { sequence_number: 9 }, { fields: {}, fields_exact: true });
  tb('enquire_link', 'enquire_link', { sequence_number: 10 }, { fields: {}, fields_exact: true });
  tb('enquire_link at max sequence_number 0x7FFFFFFF', 'enquire_link', { sequence_number: 0x7FFFFFFF }, { sequence_number: 0x7FFFFFFF });
  tb('enquire_link_resp', 'enquire_link_resp', { sequence_number: 10 }, { fields: {}, fields_exact: true });
  tb('generic_nack ESME_RINVCMDID', 'generic_nack', { sequence_number: 11, command_status: E.ESME_RINVCMDID },
    { fields: {}, command_status: 3, sequence_number: 11 });
  tb('generic_nack ESME_RINVCMDLEN with sequence_number 0', 'generic_nack', { command_status: E.ESME_RINVCMDLEN },
    { command_status: 2, sequence_number: 0 });

  // ---- submit_sm
  const sub = (o) => Object.assign({ source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000001', dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '61400000002' }, o);
  const subF = { source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000001', dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '61400000002' };
  tb('submit_sm plain GSM text, data_coding 0', 'submit_sm',
    sub({ sequence_number: 20, registered_delivery: 1, data_coding: 0, short_message: 'Hello world' }),
    { fields: { service_type: '', ...subF, esm_class: 0, protocol_id: 0, priority_flag: 0, schedule_delivery_time: '', validity_period: '', registered_delivery: 1, replace_if_present_flag: 0, data_coding: 0, sm_default_msg_id: 0, sm_length: 11, short_message_hex: hex('Hello world') }, tlvs: [] });
  tb('submit_sm data_coding 0 with GSM-specific characters @ $ _ { €', 'submit_sm',
    sub({ sequence_number: 21, data_coding: 0, short_message: 'a@b $5 x_y {€}' }),
    // GSM 03.38 unpacked septets: @=00 $=02 _=11 {=1B28 }=1B29 €=1B65
    { fields: { data_coding: 0, short_message_hex: '61006220023520781179201b281b651b29', sm_length: 17 } },
    { notes: ['data_coding 0: node-smpp writes GSM 03.38 default-alphabet codes, one septet per octet (unpacked); extension chars use 0x1B escape'] });
  tb('submit_sm text with data_coding left to the library (auto-detect)', 'submit_sm',
    sub({ sequence_number: 22, short_message: 'Pay 5$ @shop_1' }),
    { fields: { data_coding: 0, short_message_hex: hex('Pay 5$ @shop_1') } },
    { deviation: 'when data_coding is not given node-smpp auto-detects: any GSM-alphabet text gets data_coding 0x01 (IA5/ASCII) but the octets are GSM 03.38 codes ($=0x02, @=0x00, _=0x11), not ASCII. A spec decoder honouring 0x01 as ASCII will show control characters.' });
  tb('submit_sm explicit data_coding 1 (IA5) is still GSM-coded', 'submit_sm',
    sub({ sequence_number: 23, data_coding: 1, short_message: 'user@example.com' }),
    { fields: { data_coding: 1, short_message_hex: hex('user@example.com') } },
    { deviation: 'node-smpp maps data_coding 0x01 to its GSM 03.38 encoder ("ASCII" in node-smpp = GSM): "@" becomes 0x00 instead of IA5/ASCII 0x40' });
  tb('submit_sm Latin-1 data_coding 3', 'submit_sm',
    sub({ sequence_number: 24, data_coding: 3, short_message: 'café déjà vu' }),
    { fields: { data_coding: 3, short_message_hex: hex('café déjà vu', 'latin1'), sm_length: 12 } });
  tb('submit_sm UCS2 (data_coding 8) with a surrogate pair', 'submit_sm',
    sub({ sequence_number: 25, data_coding: 8, registered_delivery: 1, short_message: 'Привет 👋' }),
    { fields: { data_coding: 8, short_message_hex: Buffer.from('Привет 👋', 'utf16le').swap16().toString('hex'), sm_length: 18 } });
  tb('submit_sm UCS2 auto-detected from non-GSM text', 'submit_sm',
    sub({ sequence_number: 26, short_message: '你好' }),
    { fields: { data_coding: 8, short_message_hex: '4f60597d', sm_length: 4 } });
  tb('submit_sm with concatenation UDH (esm_class 0x40 set by the library)', 'submit_sm',
    sub({ sequence_number: 27, data_coding: 0, short_message: { udh: Buffer.from('050003a70201', 'hex'), message: 'Part one of two' } }),
    { fields: { esm_class: 0x40, data_coding: 0, sm_length: 21, short_message_hex: '050003a70201' + hex('Part one of two') } },
    { notes: ['esm_class was not given; node-smpp ORs 0x40 (UDHI) in because short_message had a udh'] });
  tb('submit_sm binary 8-bit with port-addressing UDH passed as raw Buffer', 'submit_sm',
    sub({ sequence_number: 28, esm_class: 0x40, data_coding: 4, short_message: Buffer.from('0605040b8423f0' + '01060403ae81ea', 'hex') }),
    { fields: { esm_class: 0x40, data_coding: 4, sm_length: 14, short_message_hex: '0605040b8423f001060403ae81ea' } });
  tb('submit_sm with message_payload TLV and sm_length 0', 'submit_sm',
    sub({ sequence_number: 29, data_coding: 0, registered_delivery: 1, message_payload: LONG }),
    { fields: { data_coding: 0, sm_length: 0, short_message_hex: '' }, tlvs: [{ tag: 0x0424, hex: hex(LONG) }] },
    { notes: [`message_payload is ${LONG.length} octets; node-smpp runs message_payload through the same text encoder as short_message (GSM/UCS2 per data_coding)`] });
  tb('submit_sm message_payload with data_coding auto-detect', 'submit_sm',
    sub({ sequence_number: 30, message_payload: 'Payload via TLV, no data_coding given' }),
    { fields: { data_coding: 0, sm_length: 0 }, tlvs: [{ tag: 0x0424, hex: hex('Payload via TLV, no data_coding given') }] },
    { deviation: 'auto-detect sets data_coding 0x01 (IA5) while the payload octets are GSM 03.38 codes ("_" written as 0x11)' });
  tb('submit_sm with a 255-octet short_message (no 254 limit)', 'submit_sm',
    sub({ sequence_number: 38, data_coding: 4, short_message: Buffer.alloc(255, 0x41) }),
    { fields: { sm_length: 255, short_message_hex: '41'.repeat(255) } },
    { deviation: 'node-smpp writes sm_length 255 (SMPP.md 2.3: 0..254); 256 octets or more make toBuffer() throw a RangeError instead of a clear error' });
  tb('submit_sm with both short_message and message_payload (node-smpp does not refuse)', 'submit_sm',
    sub({ sequence_number: 31, data_coding: 0, short_message: 'short', message_payload: 'payload' }),
    { fields: { sm_length: 5 }, tlvs: [{ tag: 0x0424, hex: hex('payload') }] },
    { deviation: 'SMPP.md 2.3: short_message (sm_length > 0) and message_payload must not both be used; node-smpp encodes both without complaint' });
  tb('submit_sm with several TLVs incl. vendor tags 0x1400 and 0x8081', 'submit_sm',
    sub({ sequence_number: 32, data_coding: 0, registered_delivery: 1, short_message: 'TLV test',
      user_message_reference: 0x1234, source_port: 5000, dest_port: 2948, sar_msg_ref_num: 0xBEEF,
      sar_total_segments: 2, sar_segment_seqnum: 1, payload_type: 0, privacy_indicator: 1,
      callback_num: [{ digit_mode: 1, ton: 1, npi: 1, number: '61400000009' }], language_indicator: 1,
      its_session_info: Buffer.from('0301', 'hex'), ussd_service_op: 2, qos_time_to_live: 3600,
      vendor_1400: Buffer.from('deadbeef', 'hex'), vendor_8081_orig_msc: '61411000000' }),
    { fields: { sm_length: 8, short_message_hex: hex('TLV test') }, tlvs: [
      { tag: 0x0204, hex: '1234' }, { tag: 0x020A, hex: '1388' }, { tag: 0x020B, hex: '0b84' }, { tag: 0x020C, hex: 'beef' },
      { tag: 0x020E, hex: '02' }, { tag: 0x020F, hex: '01' }, { tag: 0x0019, hex: '00' }, { tag: 0x0201, hex: '01' },
      { tag: 0x0381, hex: '010101' + hex('61400000009') }, { tag: 0x020D, hex: '01' }, { tag: 0x1383, hex: '0301' },
      { tag: 0x0501, hex: '02' }, { tag: 0x0017, hex: '00000e10' }, { tag: 0x1400, hex: 'deadbeef' },
      { tag: 0x8081, hex: hex('61411000000') + '00' }] },
    { notes: ['TLVs appear in the order the option keys were given; node-smpp names destination_port "dest_port"; vendor tags need smpp.addTLV() (unknown tags cannot be encoded otherwise, and on decode they are stored under the numeric tag and silently dropped if the PDU is re-encoded)'] });
  tb('submit_sm alert_on_message_delivery (node-smpp always 1 octet)', 'submit_sm',
    sub({ sequence_number: 33, data_coding: 0, short_message: 'x', alert_on_message_delivery: 0 }),
    { tlvs: [{ tag: 0x130C, hex: '00' }] },
    { notes: ['node-smpp types alert_on_message_delivery as Int1 (5.0 style); the 3.4 zero-length flag form cannot be produced'] });
  tb('submit_sm with 16-char absolute and relative time strings', 'submit_sm',
    sub({ sequence_number: 34, data_coding: 0, short_message: 'timed', schedule_delivery_time: '250301143000004+', validity_period: '000002120000000R' }),
    { fields: { schedule_delivery_time: '250301143000004+', validity_period: '000002120000000R' } });
  tb('submit_sm schedule_delivery_time from a JS Date (UTC)', 'submit_sm',
    sub({ sequence_number: 35, data_coding: 0, short_message: 'date', schedule_delivery_time: new Date(Date.UTC(2025, 2, 1, 13, 30, 0, 700)) }),
    { fields: { schedule_delivery_time: '250301133000700+' } },
    { notes: ['Date objects are written as UTC absolute time with nn=00 and p="+"'] });
  tb('submit_sm short time strings are padded into RELATIVE times', 'submit_sm',
    sub({ sequence_number: 36, data_coding: 0, short_message: 'pad', validity_period: '10000', schedule_delivery_time: '2503011430' }),
    { fields: { validity_period: '000000010000000R', schedule_delivery_time: '2503011430' } },
    { deviation: 'node-smpp time filter: any string of <= 12 chars is left-padded to 12 digits and suffixed "000R", i.e. turned into a relative time. "10000" becomes 000000010000000R (1 hour). A 10-digit absolute YYMMDDhhmm "2503011430" becomes 002503011430000R (relative 25 months 3 days ...). Strings of 13-15 or >16 chars are passed through unvalidated.' });
  tb('submit_sm time string of 14 chars passed through unvalidated', 'submit_sm',
    sub({ sequence_number: 37, data_coding: 0, short_message: 'bad', validity_period: '25030114300000' }),
    { fields: { validity_period: '25030114300000' } },
    { deviation: 'time strings longer than 12 chars are written verbatim; a 14-char value violates COct(1|17)' });
  tb('submit_sm_resp success', 'submit_sm_resp', { sequence_number: 20, message_id: '5f1c2d000001' },
    { fields: { message_id: '5f1c2d000001' }, tlvs: [] });
  tb('submit_sm_resp error ESME_RSUBMITFAIL (empty body)', 'submit_sm_resp',
    { sequence_number: 21, command_status: E.ESME_RSUBMITFAIL, message_id: 'ignored' },
    { fields: {}, fields_exact: true, command_status: 0x45 });
  tb('submit_sm_resp error ESME_RTHROTTLED (empty body)', 'submit_sm_resp',
    { sequence_number: 22, command_status: E.ESME_RTHROTTLED }, { fields: {}, fields_exact: true, command_status: 0x58 });

  // ---- submit_multi
  tb('submit_multi with SME addresses and a distribution list', 'submit_multi', {
    sequence_number: 40, source_addr_ton: 5, source_addr_npi: 0, source_addr: 'ACME', registered_delivery: 1, data_coding: 0,
    dest_address: [{ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '61400000002' }, { dl_name: 'friends' },
      { dest_addr_ton: 2, dest_addr_npi: 8, destination_addr: '0400000003' }],
    short_message: 'Hi all' }, { fields: { service_type: '', source_addr_ton: 5, source_addr_npi: 0, source_addr: 'ACME', number_of_dests: 3,
    dest_addresses: [{ dest_flag: 1, dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '61400000002' }, { dest_flag: 2, dl_name: 'friends' },
      { dest_flag: 1, dest_addr_ton: 2, dest_addr_npi: 8, destination_addr: '0400000003' }],
    registered_delivery: 1, data_coding: 0, sm_length: 6, short_message_hex: hex('Hi all') } },
  { notes: ['node-smpp derives number_of_dests from the array and dest_flag from the presence of dl_name'] });
  tb('submit_multi_resp with two unsuccess_sme entries', 'submit_multi_resp', {
    sequence_number: 40, message_id: 'multi-0001',
    unsuccess_sme: [{ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '61400000002', error_status_code: E.ESME_RINVDSTADR },
      { dest_addr_ton: 2, dest_addr_npi: 8, destination_addr: '0400000003', error_status_code: 0x00000401 }] },
  { fields: { message_id: 'multi-0001', no_unsuccess: 2, unsuccess_smes: [
    { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '61400000002', error_status_code: 0x0B },
    { dest_addr_ton: 2, dest_addr_npi: 8, destination_addr: '0400000003', error_status_code: 0x401 }] } });
  tb('submit_multi_resp all accepted (no_unsuccess 0)', 'submit_multi_resp', { sequence_number: 41, message_id: 'multi-0002' },
    { fields: { message_id: 'multi-0002', no_unsuccess: 0, unsuccess_smes: [] } });
  tb('submit_multi_resp error ESME_RINVNUMDESTS (empty body)', 'submit_multi_resp',
    { sequence_number: 42, command_status: E.ESME_RINVNUMDESTS }, { fields: {}, fields_exact: true });

  // ---- deliver_sm
  tb('deliver_sm delivery receipt with receipted_message_id, message_state, network_error_code', 'deliver_sm', {
    sequence_number: 7, source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000002', dest_addr_ton: 1, dest_addr_npi: 1,
    destination_addr: '61400000001', esm_class: 0x04, data_coding: 0, short_message: RECEIPT,
    receipted_message_id: '0123456789', message_state: 2, network_error_code: Buffer.from('030000', 'hex') },
  { fields: { service_type: '', source_addr: '61400000002', destination_addr: '61400000001', esm_class: 4, data_coding: 0,
    schedule_delivery_time: '', validity_period: '', sm_length: RECEIPT.length, short_message_hex: hex(RECEIPT) },
  tlvs: [{ tag: 0x001E, hex: hex('0123456789') + '00' }, { tag: 0x0427, hex: '02' }, { tag: 0x0423, hex: '030000' }] });
  tb('deliver_sm MO text', 'deliver_sm', {
    sequence_number: 8, source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000002', dest_addr_ton: 0, dest_addr_npi: 0,
    destination_addr: '1234', data_coding: 0, short_message: 'STOP' },
  { fields: { esm_class: 0, source_addr: '61400000002', destination_addr: '1234', sm_length: 4, short_message_hex: hex('STOP') }, tlvs: [] });
  tb('deliver_sm MO UCS2 with source_port/dest_port', 'deliver_sm', {
    sequence_number: 9, source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000002', destination_addr: '1234',
    data_coding: 8, short_message: 'Ünïcødé ✓', source_port: 1000, dest_port: 2000 },
  { fields: { data_coding: 8, short_message_hex: Buffer.from('Ünïcødé ✓', 'utf16le').swap16().toString('hex') },
    tlvs: [{ tag: 0x020A, hex: '03e8' }, { tag: 0x020B, hex: '07d0' }] });
  tb('deliver_sm_resp success (empty message_id)', 'deliver_sm_resp', { sequence_number: 7 },
    { fields: { message_id: '' }, fields_exact: true, tlvs: [] });
  tb('deliver_sm_resp error ESME_RX_T_APPN (empty body)', 'deliver_sm_resp',
    { sequence_number: 8, command_status: E.ESME_RX_T_APPN }, { fields: {}, fields_exact: true, command_status: 0x64 });

  // ---- data_sm
  tb('data_sm with message_payload and port TLVs', 'data_sm', {
    sequence_number: 50, service_type: 'WAP', source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000001',
    dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '61400000002', esm_class: 0, registered_delivery: 1, data_coding: 4,
    source_port: 9200, dest_port: 2948, message_payload: Buffer.from('0106246170706c69636174696f6e2f766e642e7761702e6d6d732d6d65737361676500', 'hex'),
    more_messages_to_send: 0 },
  { fields: { service_type: 'WAP', source_addr: '61400000001', destination_addr: '61400000002', esm_class: 0, registered_delivery: 1, data_coding: 4 },
    tlvs: [{ tag: 0x020A, hex: '23f0' }, { tag: 0x020B, hex: '0b84' },
      { tag: 0x0424, hex: '0106246170706c69636174696f6e2f766e642e7761702e6d6d732d6d65737361676500' }, { tag: 0x0426, hex: '00' }] });
  tb('data_sm with a 40-char alphanumeric-length source_addr (data_sm allows 65)', 'data_sm', {
    sequence_number: 51, source_addr_ton: 5, source_addr: 'a-very-long-originator-address-1234567890', destination_addr: '61400000002',
    data_coding: 0, message_payload: 'hi' },
  { fields: { source_addr: 'a-very-long-originator-address-1234567890' }, tlvs: [{ tag: 0x0424, hex: hex('hi') }] });
  tb('data_sm_resp success', 'data_sm_resp', { sequence_number: 50, message_id: 'data-0001' },
    { fields: { message_id: 'data-0001' }, tlvs: [] });
  tb('data_sm_resp success with network_error_code/additional_status_info_text/dpf_result', 'data_sm_resp', {
    sequence_number: 51, message_id: 'data-0002', network_error_code: Buffer.from('030001', 'hex'), additional_status_info_text: 'queued', dpf_result: 1 },
  { fields: { message_id: 'data-0002' }, tlvs: [{ tag: 0x0423, hex: '030001' }, { tag: 0x001D, hex: hex('queued') + '00' }, { tag: 0x0420, hex: '01' }] });
  tb('data_sm_resp error ESME_RDELIVERYFAILURE: delivery_failure_reason TLV is dropped', 'data_sm_resp', {
    sequence_number: 52, command_status: E.ESME_RDELIVERYFAILURE, message_id: '', delivery_failure_reason: 0 },
  { command_status: 0xFE, fields: { message_id: '' }, tlvs: [{ tag: 0x0425, hex: '00' }] },
  { override: 'node-smpp writes a header-only PDU for any non-zero command_status, so the delivery_failure_reason / network_error_code TLVs that 3.4/5.0 define for failed data_sm_resp (and 5.0 for other error responses) can never be sent' });

  // ---- query_sm
  tb('query_sm', 'query_sm', { sequence_number: 60, message_id: '5f1c2d000001', source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000001' },
    { fields: { message_id: '5f1c2d000001', source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000001' }, tlvs: [] });
  tb('query_sm_resp final (DELIVERED) with final_date', 'query_sm_resp',
    { sequence_number: 60, message_id: '5f1c2d000001', final_date: '250301143100004+', message_state: 2, error_code: 0 },
    { fields: { message_id: '5f1c2d000001', final_date: '250301143100004+', message_state: 2, error_code: 0 }, fields_exact: true });
  tb('query_sm_resp not final (ENROUTE, empty final_date)', 'query_sm_resp',
    { sequence_number: 61, message_id: '5f1c2d000002', final_date: '', message_state: 1, error_code: 0 },
    { fields: { message_id: '5f1c2d000002', final_date: '', message_state: 1, error_code: 0 }, fields_exact: true });
  tb('query_sm_resp final_date from a JS Date', 'query_sm_resp',
    { sequence_number: 62, message_id: 'x1', final_date: new Date(Date.UTC(2025, 11, 31, 23, 59, 59, 0)), message_state: 5, error_code: 0x22 },
    { fields: { message_id: 'x1', final_date: '251231235959000+', message_state: 5, error_code: 0x22 } });
  tb('query_sm_resp error ESME_RQUERYFAIL (empty body)', 'query_sm_resp',
    { sequence_number: 63, command_status: E.ESME_RQUERYFAIL }, { fields: {}, fields_exact: true });

  // ---- cancel_sm / replace_sm
  tb('cancel_sm by message_id', 'cancel_sm', {
    sequence_number: 70, service_type: '', message_id: '5f1c2d000001', source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000001',
    dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '61400000002' },
  { fields: { service_type: '', message_id: '5f1c2d000001', source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000001', dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '61400000002' }, fields_exact: true });
  tb('cancel_sm all messages of a service_type (empty message_id)', 'cancel_sm', {
    sequence_number: 71, service_type: 'CMT', message_id: '', source_addr_ton: 5, source_addr: 'ACME', dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '61400000002' },
  { fields: { service_type: 'CMT', message_id: '', source_addr_ton: 5, source_addr_npi: 0, source_addr: 'ACME' } });
  tb('cancel_sm_resp', 'cancel_sm_resp', { sequence_number: 70 }, { fields: {}, fields_exact: true });
  tb('cancel_sm_resp error ESME_RCANCELFAIL', 'cancel_sm_resp', { sequence_number: 71, command_status: E.ESME_RCANCELFAIL }, { command_status: 0x11, fields: {}, fields_exact: true });
  tb('replace_sm', 'replace_sm', {
    sequence_number: 72, message_id: '5f1c2d000001', source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000001',
    schedule_delivery_time: '', validity_period: '250302120000000+', registered_delivery: 1, sm_default_msg_id: 0, short_message: 'Replacement text' },
  { fields: { message_id: '5f1c2d000001', source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000001', schedule_delivery_time: '',
    validity_period: '250302120000000+', registered_delivery: 1, sm_default_msg_id: 0, sm_length: 16, short_message_hex: hex('Replacement text') }, fields_exact: true },
  { notes: ['replace_sm has no data_coding field; node-smpp encodes the text with its default GSM encoder'] });
  tb('replace_sm_resp', 'replace_sm_resp', { sequence_number: 72 }, { fields: {}, fields_exact: true });
  tb('replace_sm_resp error ESME_RREPLACEFAIL', 'replace_sm_resp', { sequence_number: 73, command_status: E.ESME_RREPLACEFAIL }, { command_status: 0x13 });

  // ---- alert_notification
  tb('alert_notification with ms_availability_status', 'alert_notification', {
    sequence_number: 80, source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000002', esme_addr_ton: 1, esme_addr_npi: 1,
    esme_addr: '61400000001', ms_availability_status: 0 },
  { fields: { source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000002', esme_addr_ton: 1, esme_addr_npi: 1, esme_addr: '61400000001' },
    fields_exact: true, tlvs: [{ tag: 0x0422, hex: '00' }] });

  // ---- 5.0 broadcast family
  tb('broadcast_sm with mandatory broadcast TLVs and message_payload', 'broadcast_sm', {
    sequence_number: 90, service_type: 'CBS', source_addr_ton: 5, source_addr_npi: 0, source_addr: 'CIVILDEF', message_id: '',
    priority_flag: 1, schedule_delivery_time: '', validity_period: '', replace_if_present_flag: 0, data_coding: 0, sm_default_msg_id: 0,
    broadcast_area_identifier: [{ format: 0, data: 'Area51' }, { format: 0, data: 'Area52' }],
    broadcast_content_type: { network: 1, content_type: 0x0000 }, broadcast_rep_num: 3,
    broadcast_frequency_interval: { unit: 0x09, interval: 5 }, message_payload: 'Storm warning: stay indoors' },
  { fields: { service_type: 'CBS', source_addr_ton: 5, source_addr_npi: 0, source_addr: 'CIVILDEF', message_id: '', priority_flag: 1,
    schedule_delivery_time: '', validity_period: '', replace_if_present_flag: 0, data_coding: 0, sm_default_msg_id: 0 }, fields_exact: true,
  tlvs: [{ tag: 0x0606, hex: '00' + hex('Area51') }, { tag: 0x0606, hex: '00' + hex('Area52') }, { tag: 0x0601, hex: '010000' },
    { tag: 0x0604, hex: '0003' }, { tag: 0x0605, hex: '090005' }, { tag: 0x0424, hex: hex('Storm warning: stay indoors') }] },
  { notes: ['no registered_delivery/sm_length/short_message in the body (matches SMPP.md majority); broadcast_rep_num written as 2 octets; repeated broadcast_area_identifier allowed'] });
  tb('broadcast_sm_resp success', 'broadcast_sm_resp', { sequence_number: 90, message_id: 'bc-0001' },
    { fields: { message_id: 'bc-0001' }, fields_exact: true, tlvs: [] });
  tb('broadcast_sm_resp with failed_broadcast_area_identifier + broadcast_error_status', 'broadcast_sm_resp', {
    sequence_number: 91, message_id: 'bc-0002', failed_broadcast_area_identifier: [{ format: 0, data: 'Area52' }], broadcast_error_status: [E.ESME_RINVBCASTAREAFMT] },
  { fields: { message_id: 'bc-0002' }, tlvs: [{ tag: 0x0606, hex: '00' + hex('Area52') }, { tag: 0x0607, hex: '00000109' }] },
  { notes: ['sent with command_status 0: with a non-zero status node-smpp would drop both TLVs'] });
  tb('broadcast_sm_resp error ESME_RBCASTFAIL (empty body)', 'broadcast_sm_resp',
    { sequence_number: 92, command_status: E.ESME_RBCASTFAIL }, { command_status: 0x10D, fields: {}, fields_exact: true });
  tb('query_broadcast_sm with user_message_reference', 'query_broadcast_sm', {
    sequence_number: 93, message_id: 'bc-0001', source_addr_ton: 5, source_addr_npi: 0, source_addr: 'CIVILDEF', user_message_reference: 77 },
  { fields: { message_id: 'bc-0001', source_addr_ton: 5, source_addr_npi: 0, source_addr: 'CIVILDEF' }, fields_exact: true, tlvs: [{ tag: 0x0204, hex: '004d' }] });
  tb('query_broadcast_sm_resp with message_state, area, area_success', 'query_broadcast_sm_resp', {
    sequence_number: 93, message_id: 'bc-0001', message_state: 6, broadcast_area_identifier: [{ format: 0, data: 'Area51' }], broadcast_area_success: 80 },
  { fields: { message_id: 'bc-0001' }, fields_exact: true, tlvs: [{ tag: 0x0427, hex: '06' }, { tag: 0x0606, hex: '00' + hex('Area51') }, { tag: 0x0608, hex: '50' }] },
  { notes: ['node-smpp does not mark broadcast_area_success as repeatable, so only one area/success pair can be reported although SMPP.md says one per area'] });
  tb('query_broadcast_sm_resp with broadcast_end_time', 'query_broadcast_sm_resp', {
    sequence_number: 94, message_id: 'bc-0002', message_state: 2, broadcast_area_identifier: [{ format: 0, data: 'Area51' }], broadcast_area_success: 100,
    broadcast_end_time: '250301180000004+' },
  { fields: { message_id: 'bc-0002' }, tlvs: [{ tag: 0x0427, hex: '02' }, { tag: 0x0606, hex: '00' + hex('Area51') }, { tag: 0x0608, hex: '64' },
    { tag: 0x0609, hex: hex('250301180000004+') + '00' }] },
  { deviation: 'node-smpp types broadcast_end_time as a non-terminated string: 16 octets, no NUL (SMPP.md 5/11: COct, 17 octets incl. NUL)' });
  tb('cancel_broadcast_sm', 'cancel_broadcast_sm', {
    sequence_number: 95, service_type: 'CBS', message_id: 'bc-0001', source_addr_ton: 5, source_addr_npi: 0, source_addr: 'CIVILDEF',
    broadcast_content_type: { network: 1, content_type: 0 } },
  { fields: { service_type: 'CBS', message_id: 'bc-0001', source_addr_ton: 5, source_addr_npi: 0, source_addr: 'CIVILDEF' }, fields_exact: true,
    tlvs: [{ tag: 0x0601, hex: '010000' }] });
  tb('cancel_broadcast_sm_resp', 'cancel_broadcast_sm_resp', { sequence_number: 95 }, { fields: {}, fields_exact: true });
  tb('cancel_broadcast_sm_resp error ESME_RBCASTCANCELFAIL', 'cancel_broadcast_sm_resp',
    { sequence_number: 96, command_status: E.ESME_RBCASTCANCELFAIL }, { command_status: 0x10F });
}

// ------------------------------------------------------------------ wire capture
// Every request sent through call() is remembered (per TCP connection and direction) so the
// captured bytes can be cross-checked against the values that were passed to node-smpp.
const sent = [];
let currentConn = 0;
function call(session, command, options, dir) {
  sent.push({ conn: currentConn, dir: dir || 'c2s', command, options: JSON.parse(JSON.stringify(options || {})) });
  return new Promise((resolve) => session[command](options || {}, (resp) => resolve(resp)));
}
function wireExpect(conn, dir, command, nth) {
  const matches = sent.filter((s) => s.conn === conn && s.dir === dir && s.command === command);
  const s = matches[nth - 1];
  if (!s) return undefined;
  const fields = {};
  const names = new Set(LAYOUTS[command].map((x) => x[0]));
  for (const [k, v] of Object.entries(s.options)) {
    if ((typeof v === 'string' || typeof v === 'number') && names.has(k) && k !== 'short_message') {
      fields[k] = v;
    }
  }
  if (typeof s.options.short_message === 'string' && s.options.data_coding === 0 && /^[A-Za-z0-9 :.,]*$/.test(s.options.short_message))
    fields.short_message_hex = hex(s.options.short_message);
  return { fields };
}
function describe(p) {
  const f = p.fields, t = p.tlvs.map((x) => x.tag);
  const d = [];
  if (p.command === 'deliver_sm') d.push((f.esm_class & 0x3c) === 0x04 ? 'delivery receipt' : 'MO');
  if (f.data_coding === 8) d.push('UCS2');
  if (f.esm_class & 0x40) d.push('UDH');
  if (t.includes(0x0424)) d.push('message_payload');
  if (p.command_status) d.push(`error status 0x${p.command_status.toString(16)}`);
  return d.length ? ` (${d.join(', ')})` : '';
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function wireVectors() {
  let serverSession = null;
  const accounts = { esme01: 'secret' };
  const server = smpp.createServer((session) => {
    serverSession = session;
    session.on('error', () => {});
    const bind = (pdu) => {
      if (!(pdu.system_id in accounts)) return session.send(pdu.response({ command_status: E.ESME_RINVSYSID }));
      if (accounts[pdu.system_id] !== pdu.password) return session.send(pdu.response({ command_status: E.ESME_RINVPASWD }));
      session.send(pdu.response({ system_id: 'NODESMSC', sc_interface_version: 0x34 }));
    };
    session.on('bind_transceiver', bind).on('bind_transmitter', bind).on('bind_receiver', bind);
    session.on('submit_sm', (pdu) => {
      if (pdu.destination_addr === '0') return session.send(pdu.response({ command_status: E.ESME_RINVDSTADR }));
      session.send(pdu.response({ message_id: `5f1c2d${String(pdu.sequence_number).padStart(6, '0')}` }));
    });
    session.on('submit_multi', (pdu) => session.send(pdu.response({ message_id: 'multi-0001',
      unsuccess_sme: [{ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '61400000003', error_status_code: E.ESME_RINVDSTADR }] })));
    session.on('data_sm', (pdu) => session.send(pdu.response({ message_id: 'data-0001' })));
    session.on('query_sm', (pdu) => session.send(pdu.response({ message_id: pdu.message_id, final_date: '250301143100004+', message_state: 2, error_code: 0 })));
    session.on('cancel_sm', (pdu) => session.send(pdu.response()));
    session.on('replace_sm', (pdu) => session.send(pdu.response({ command_status: E.ESME_RREPLACEFAIL })));
    session.on('broadcast_sm', (pdu) => session.send(pdu.response({ message_id: 'bc-0001' })));
    session.on('query_broadcast_sm', (pdu) => session.send(pdu.response({ message_id: pdu.message_id, message_state: 6,
      broadcast_area_identifier: [{ format: 0, data: 'Area51' }], broadcast_area_success: 100 })));
    session.on('cancel_broadcast_sm', (pdu) => session.send(pdu.response()));
    session.on('enquire_link', (pdu) => session.send(pdu.response()));
    session.on('unbind', (pdu) => { session.send(pdu.response()); });
    session.on('unknown', (pdu) => session.send(pdu.response()));
    // outbind session: the node "server" here plays the ESME
    session.on('outbind', (pdu) => session.bind_receiver({ system_id: pdu.system_id, password: 'secret' }));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const proxy = await startProxy(server.address().port);
  const labels = new Map(); // `${conn}` -> label prefix
  const connect = async () => {
    const c = smpp.connect({ host: '127.0.0.1', port: proxy.port });
    c.on('error', () => {});
    await new Promise((r) => c.on('connect', r));
    c.on('deliver_sm', (pdu) => c.send(pdu.response()));
    c.on('enquire_link', (pdu) => c.send(pdu.response()));
    c.on('unbind', (pdu) => c.send(pdu.response()));
    return c;
  };
  const close = async (c) => { c.close(); await sleep(50); };

  // Session 1: transceiver — the everyday flow
  currentConn = 1;
  let c = await connect();
  labels.set(1, 'trx session');
  await call(c, 'bind_transceiver', { system_id: 'esme01', password: 'secret', system_type: '', interface_version: 0x34 });
  await call(c, 'enquire_link');
  const r1 = await call(c, 'submit_sm', { source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000001', dest_addr_ton: 1, dest_addr_npi: 1,
    destination_addr: '61400000002', registered_delivery: 1, data_coding: 0, short_message: 'Hello world' });
  await call(serverSession, 'deliver_sm', { source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000002', dest_addr_ton: 1, dest_addr_npi: 1,
    destination_addr: '61400000001', esm_class: 4, data_coding: 0,
    short_message: `id:${r1.message_id} sub:001 dlvrd:001 submit date:2503011430 done date:2503011431 stat:DELIVRD err:000 text:Hello world`,
    receipted_message_id: r1.message_id, message_state: 2 }, 's2c');
  await call(serverSession, 'deliver_sm', { source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000002', destination_addr: '1234', data_coding: 8, short_message: 'Ответ' }, 's2c');
  await call(c, 'submit_sm', { source_addr: '61400000001', destination_addr: '0', data_coding: 0, short_message: 'to nowhere' });
  await call(c, 'submit_sm', { source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000001', dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '61400000002',
    data_coding: 8, short_message: { udh: Buffer.from('050003010201', 'hex'), message: 'Ünïcødé part 1' } });
  await call(c, 'data_sm', { source_addr: '61400000001', destination_addr: '61400000002', data_coding: 0, message_payload: 'data_sm payload' });
  await call(c, 'query_sm', { message_id: r1.message_id, source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000001' });
  await call(serverSession, 'enquire_link', {}, 's2c');
  c.socket.write(Buffer.from('0000001000010200000000000000002a', 'hex')); // vendor command id 0x00010200 (hand-made, not recorded)
  await sleep(50);
  await call(c, 'unbind');
  await close(c);

  // Session 2: transmitter — the less common PDUs, server-initiated unbind
  currentConn = 2;
  c = await connect();
  labels.set(2, 'tx session');
  await call(c, 'bind_transmitter', { system_id: 'esme01', password: 'secret' });
  await call(c, 'submit_sm', { source_addr: '61400000001', destination_addr: '61400000002', data_coding: 0, message_payload: LONG });
  await call(c, 'submit_multi', { source_addr_ton: 5, source_addr: 'ACME', registered_delivery: 1, data_coding: 0,
    dest_address: [{ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '61400000002' }, { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '61400000003' }, { dl_name: 'friends' }],
    short_message: 'Hi all' });
  await call(c, 'cancel_sm', { message_id: '5f1c2d000002', source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000001', dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '61400000002' });
  await call(c, 'replace_sm', { message_id: '5f1c2d000002', source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000001', registered_delivery: 1, short_message: 'new text' });
  await call(c, 'broadcast_sm', { service_type: 'CBS', source_addr_ton: 5, source_addr: 'CIVILDEF', priority_flag: 1, data_coding: 0,
    broadcast_area_identifier: [{ format: 0, data: 'Area51' }], broadcast_content_type: { network: 1, content_type: 0 }, broadcast_rep_num: 1,
    broadcast_frequency_interval: { unit: 0x08, interval: 30 }, message_payload: 'Test broadcast' });
  await call(c, 'query_broadcast_sm', { message_id: 'bc-0001', source_addr_ton: 5, source_addr: 'CIVILDEF' });
  await call(c, 'cancel_broadcast_sm', { service_type: 'CBS', message_id: 'bc-0001', source_addr_ton: 5, source_addr: 'CIVILDEF' });
  await call(serverSession, 'unbind', {}, 's2c');
  await close(c);

  // Session 3: receiver — wrong password, then bind ok, alert_notification
  currentConn = 3;
  c = await connect();
  labels.set(3, 'rx session');
  await call(c, 'bind_receiver', { system_id: 'esme01', password: 'wrong' });
  await call(c, 'bind_receiver', { system_id: 'nobody', password: 'secret' });
  await call(c, 'bind_receiver', { system_id: 'esme01', password: 'secret' });
  serverSession.alert_notification({ source_addr_ton: 1, source_addr_npi: 1, source_addr: '61400000002', esme_addr_ton: 1, esme_addr_npi: 1, esme_addr: '61400000001', ms_availability_status: 0 });
  await sleep(50);
  await call(c, 'unbind');
  await close(c);

  // Session 4: outbind — the TCP client plays the SMSC, the node server plays the ESME
  currentConn = 4;
  c = await connect();
  labels.set(4, 'outbind session (TCP client = SMSC)');
  c.on('bind_receiver', (pdu) => c.send(pdu.response({ system_id: 'NODESMSC' })));
  c.outbind({ system_id: 'esme01', password: 'secret' });
  await sleep(150);
  await close(c);

  await proxy.close();
  server.close();

  const counters = {};
  for (const r of proxy.records) {
    if (r.hex === '0000001000010200000000000000002a') continue; // hand-made, not node-smpp output
    const p = parsePdu(r.hex);
    const roleC = r.conn === 4 ? 'SMSC' : 'client', roleS = r.conn === 4 ? 'ESME' : 'server';
    const dir = r.dir === 'c2s' ? `${roleC}->${roleS}` : `${roleS}->${roleC}`;
    const key = `${r.conn}:${p.command}`;
    counters[key] = (counters[key] || 0) + 1;
    const name = `wire ${labels.get(r.conn)}: ${p.command} #${counters[key]}${describe(p)}`;
    const lintOk = p.lint.length === 0 && !p.error;
    if (!lintOk) failures.push(`wire vector ${name} has SPEC findings: ${p.lint.join('; ')}`);
    const dkey = `${r.conn}:${r.dir}:${p.command}`;
    counters[dkey] = (counters[dkey] || 0) + 1;
    addVector(Buffer.from(r.hex, 'hex'), {
      source: `${LIB} wire (${dir})`, name, expect: wireExpect(r.conn, r.dir, p.command, counters[dkey]),
      notes: [`captured by wire_proxy.js on 127.0.0.1; TCP connection ${r.conn}`],
      deviation: lintOk ? undefined : 'see SPEC notes (same encoder behaviour as the toBuffer vectors)',
    });
  }
}

(async () => {
  toBufferVectors();
  await wireVectors();
  if (failures.length) {
    console.error('Cross-check failures:\n  ' + failures.join('\n  '));
    process.exit(1);
  }
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, JSON.stringify(vectors, null, 1) + '\n');
  const tally = {};
  for (const v of vectors) tally[v.command] = (tally[v.command] || 0) + 1;
  console.log(JSON.stringify({ out: OUT, total: vectors.length, per_command: tally }));
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
