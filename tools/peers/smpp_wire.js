'use strict';
// Independent SMPP 3.4/5.0 PDU parser + spec linter (no node-smpp code used).
// Layouts and limits follow ../../../shared/reference/SMPP.md sections 1, 2, 4 and 5.
// Used by gen_node_vectors.js (to derive "fields" from the bytes), by the peer
// scripts (to log what is on the wire) and by check_vectors.js.

const COMMANDS = {
  0x80000000: 'generic_nack',
  0x00000001: 'bind_receiver', 0x80000001: 'bind_receiver_resp',
  0x00000002: 'bind_transmitter', 0x80000002: 'bind_transmitter_resp',
  0x00000003: 'query_sm', 0x80000003: 'query_sm_resp',
  0x00000004: 'submit_sm', 0x80000004: 'submit_sm_resp',
  0x00000005: 'deliver_sm', 0x80000005: 'deliver_sm_resp',
  0x00000006: 'unbind', 0x80000006: 'unbind_resp',
  0x00000007: 'replace_sm', 0x80000007: 'replace_sm_resp',
  0x00000008: 'cancel_sm', 0x80000008: 'cancel_sm_resp',
  0x00000009: 'bind_transceiver', 0x80000009: 'bind_transceiver_resp',
  0x0000000B: 'outbind',
  0x00000015: 'enquire_link', 0x80000015: 'enquire_link_resp',
  0x00000021: 'submit_multi', 0x80000021: 'submit_multi_resp',
  0x00000102: 'alert_notification',
  0x00000103: 'data_sm', 0x80000103: 'data_sm_resp',
  0x00000111: 'broadcast_sm', 0x80000111: 'broadcast_sm_resp',
  0x00000112: 'query_broadcast_sm', 0x80000112: 'query_broadcast_sm_resp',
  0x00000113: 'cancel_broadcast_sm', 0x80000113: 'cancel_broadcast_sm_resp',
};

// Field specs: [name, kind, maxOctetsIncludingNul]
// kinds: c = C-octet string, t = time COct(1|17), u8 = Int1, sm = sm_length + short_message,
//        dests = number_of_dests + dest_address[], unsucc = no_unsuccess + unsuccess_sme[]
const BIND = [['system_id', 'c', 16], ['password', 'c', 9], ['system_type', 'c', 13],
  ['interface_version', 'u8'], ['addr_ton', 'u8'], ['addr_npi', 'u8'], ['address_range', 'c', 41]];
const SM_TAIL = [['esm_class', 'u8'], ['protocol_id', 'u8'], ['priority_flag', 'u8'],
  ['schedule_delivery_time', 't'], ['validity_period', 't'], ['registered_delivery', 'u8'],
  ['replace_if_present_flag', 'u8'], ['data_coding', 'u8'], ['sm_default_msg_id', 'u8'], ['short_message', 'sm']];
const SRC21 = [['source_addr_ton', 'u8'], ['source_addr_npi', 'u8'], ['source_addr', 'c', 21]];
const DST21 = [['dest_addr_ton', 'u8'], ['dest_addr_npi', 'u8'], ['destination_addr', 'c', 21]];
const SUBMIT = [['service_type', 'c', 6], ...SRC21, ...DST21, ...SM_TAIL];

const LAYOUTS = {
  generic_nack: [],
  bind_receiver: BIND, bind_transmitter: BIND, bind_transceiver: BIND,
  bind_receiver_resp: [['system_id', 'c', 16]],
  bind_transmitter_resp: [['system_id', 'c', 16]],
  bind_transceiver_resp: [['system_id', 'c', 16]],
  outbind: [['system_id', 'c', 16], ['password', 'c', 9]],
  unbind: [], unbind_resp: [], enquire_link: [], enquire_link_resp: [],
  submit_sm: SUBMIT, deliver_sm: SUBMIT,
  submit_sm_resp: [['message_id', 'c', 65]],
  deliver_sm_resp: [['message_id', 'c', 1]],
  submit_multi: [['service_type', 'c', 6], ...SRC21, ['dest_addresses', 'dests'], ...SM_TAIL],
  submit_multi_resp: [['message_id', 'c', 65], ['unsuccess_smes', 'unsucc']],
  data_sm: [['service_type', 'c', 6], ['source_addr_ton', 'u8'], ['source_addr_npi', 'u8'], ['source_addr', 'c', 65],
    ['dest_addr_ton', 'u8'], ['dest_addr_npi', 'u8'], ['destination_addr', 'c', 65],
    ['esm_class', 'u8'], ['registered_delivery', 'u8'], ['data_coding', 'u8']],
  data_sm_resp: [['message_id', 'c', 65]],
  query_sm: [['message_id', 'c', 65], ...SRC21],
  query_sm_resp: [['message_id', 'c', 65], ['final_date', 't'], ['message_state', 'u8'], ['error_code', 'u8']],
  cancel_sm: [['service_type', 'c', 6], ['message_id', 'c', 65], ...SRC21, ...DST21],
  cancel_sm_resp: [],
  replace_sm: [['message_id', 'c', 65], ...SRC21, ['schedule_delivery_time', 't'], ['validity_period', 't'],
    ['registered_delivery', 'u8'], ['sm_default_msg_id', 'u8'], ['short_message', 'sm']],
  replace_sm_resp: [],
  alert_notification: [['source_addr_ton', 'u8'], ['source_addr_npi', 'u8'], ['source_addr', 'c', 65],
    ['esme_addr_ton', 'u8'], ['esme_addr_npi', 'u8'], ['esme_addr', 'c', 65]],
  broadcast_sm: [['service_type', 'c', 6], ...SRC21, ['message_id', 'c', 65], ['priority_flag', 'u8'],
    ['schedule_delivery_time', 't'], ['validity_period', 't'], ['replace_if_present_flag', 'u8'],
    ['data_coding', 'u8'], ['sm_default_msg_id', 'u8']],
  broadcast_sm_resp: [['message_id', 'c', 65]],
  query_broadcast_sm: [['message_id', 'c', 65], ...SRC21],
  query_broadcast_sm_resp: [['message_id', 'c', 65]],
  cancel_broadcast_sm: [['service_type', 'c', 6], ['message_id', 'c', 65], ...SRC21],
  cancel_broadcast_sm_resp: [],
};

// TLV table (SMPP.md section 5): tag -> [name, allowed value lengths (array) or [min,max] range, cstring?]
const TLVS = {
  0x0005: ['dest_addr_subunit', [1]], 0x0006: ['dest_network_type', [1]], 0x0007: ['dest_bearer_type', [1]],
  0x0008: ['dest_telematics_id', [2]], 0x000D: ['source_addr_subunit', [1]], 0x000E: ['source_network_type', [1]],
  0x000F: ['source_bearer_type', [1]], 0x0010: ['source_telematics_id', [2]], 0x0017: ['qos_time_to_live', [4]],
  0x0019: ['payload_type', [1]], 0x001D: ['additional_status_info_text', { min: 1, max: 256 }, true],
  0x001E: ['receipted_message_id', { min: 1, max: 65 }, true], 0x0030: ['ms_msg_wait_facilities', [1]],
  0x0201: ['privacy_indicator', [1]], 0x0202: ['source_subaddress', { min: 2, max: 23 }],
  0x0203: ['dest_subaddress', { min: 2, max: 23 }], 0x0204: ['user_message_reference', [2]],
  0x0205: ['user_response_code', [1]], 0x020A: ['source_port', [2]], 0x020B: ['destination_port', [2]],
  0x020C: ['sar_msg_ref_num', [2]], 0x020D: ['language_indicator', [1]], 0x020E: ['sar_total_segments', [1]],
  0x020F: ['sar_segment_seqnum', [1]], 0x0210: ['sc_interface_version', [1]], 0x0302: ['callback_num_pres_ind', [1]],
  0x0303: ['callback_num_atag', { min: 0, max: 65 }], 0x0304: ['number_of_messages', [1]],
  0x0381: ['callback_num', { min: 4, max: 19 }], 0x0420: ['dpf_result', [1]], 0x0421: ['set_dpf', [1]],
  0x0422: ['ms_availability_status', [1]], 0x0423: ['network_error_code', [3]],
  0x0424: ['message_payload', { min: 0, max: 65535 }], 0x0425: ['delivery_failure_reason', [1]],
  0x0426: ['more_messages_to_send', [1]], 0x0427: ['message_state', [1]], 0x0428: ['congestion_state', [1]],
  0x0501: ['ussd_service_op', [1]], 0x0600: ['broadcast_channel_indicator', [1]],
  0x0601: ['broadcast_content_type', [3]], 0x0602: ['broadcast_content_type_info', { min: 0, max: 255 }],
  0x0603: ['broadcast_message_class', [1]], 0x0604: ['broadcast_rep_num', [1, 2]],
  0x0605: ['broadcast_frequency_interval', [3]], 0x0606: ['broadcast_area_identifier', { min: 1, max: 101 }],
  0x0607: ['broadcast_error_status', [4]], 0x0608: ['broadcast_area_success', [1]],
  0x0609: ['broadcast_end_time', [17], true], 0x060A: ['broadcast_service_group', { min: 1, max: 255 }],
  0x060B: ['billing_identification', { min: 1, max: 1024 }], 0x060D: ['source_network_id', { min: 1, max: 66 }, true],
  0x060E: ['dest_network_id', { min: 1, max: 66 }, true], 0x060F: ['source_node_id', [6]], 0x0610: ['dest_node_id', [6]],
  0x0611: ['dest_addr_np_resolution', [1]], 0x0612: ['dest_addr_np_information', [10]],
  0x0613: ['dest_addr_np_country', { min: 1, max: 5 }], 0x1201: ['display_time', [1]], 0x1203: ['sms_signal', [2]],
  0x1204: ['ms_validity', [1, 4]], 0x130C: ['alert_on_message_delivery', [0, 1]], 0x1380: ['its_reply_type', [1]],
  0x1383: ['its_session_info', [2]],
};

class ParseError extends Error {}

function readCString(buf, off, name) {
  const end = buf.indexOf(0, off);
  if (end < 0) throw new ParseError(`${name}: C-octet string not NUL-terminated before end of PDU`);
  return [buf.toString('latin1', off, end), end + 1];
}

function needs(buf, off, n, name) {
  if (off + n > buf.length) throw new ParseError(`${name}: needs ${n} octet(s) at offset ${off}, PDU has ${buf.length}`);
}

function lintTime(name, v, lint) {
  if (v.length === 0) return;
  if (v.length !== 16) { lint.push(`${name} is ${v.length} chars; SMPP.md 6.7 allows only empty or 16`); return; }
  const m = /^(\d{12})(\d)(\d\d)([+\-R])$/.exec(v);
  if (!m) { lint.push(`${name} "${v}" is not YYMMDDhhmmsstnnp`); return; }
  if (+m[3] > 48) lint.push(`${name} "${v}": quarter-hour offset ${m[3]} > 48`);
  if (m[4] === 'R' && (m[2] !== '0' || m[3] !== '00')) lint.push(`${name} "${v}": relative time must have t=0 and nn=00`);
}

// Parse one complete PDU. Returns {command_length, command_id, command, command_status,
// sequence_number, fields, tlvs, lint[], error?}
function parsePdu(buf) {
  if (!Buffer.isBuffer(buf)) buf = Buffer.from(buf, 'hex');
  const lint = [];
  const out = { command_length: null, command_id: null, command: null, command_status: null,
    sequence_number: null, fields: {}, tlvs: [], lint };
  if (buf.length < 16) { out.error = `PDU shorter than 16-octet header (${buf.length})`; return out; }
  out.command_length = buf.readUInt32BE(0);
  out.command_id = buf.readUInt32BE(4);
  out.command_status = buf.readUInt32BE(8);
  out.sequence_number = buf.readUInt32BE(12);
  out.command = COMMANDS[out.command_id] || null;
  if (out.command_length !== buf.length) lint.push(`command_length ${out.command_length} != actual ${buf.length}`);
  const isResp = (out.command_id & 0x80000000) !== 0;
  if (!isResp && out.command_status !== 0) lint.push(`request with command_status ${out.command_status} (must be 0)`);
  if (out.command !== 'generic_nack' && (out.sequence_number === 0 || out.sequence_number > 0x7FFFFFFF))
    lint.push(`sequence_number ${out.sequence_number} outside 1..0x7FFFFFFF`);
  if (!out.command) { out.error = `unknown command_id 0x${out.command_id.toString(16)}`; return out; }
  const body = buf.subarray(16, Math.min(buf.length, Math.max(16, out.command_length)));
  const f = out.fields;
  let off = 0;
  try {
    if (body.length > 0) {
      for (const [name, kind, max] of LAYOUTS[out.command]) {
        if (kind === 'u8') { needs(body, off, 1, name); f[name] = body[off++]; }
        else if (kind === 'c' || kind === 't') {
          let v; [v, off] = readCString(body, off, name);
          f[name] = v;
          if (kind === 't') lintTime(name, v, lint);
          else if (v.length + 1 > max) lint.push(`${name} is ${v.length + 1} octets incl. NUL; max ${max}`);
          if (/[^\x20-\x7e]/.test(v)) lint.push(`${name} contains non-printable/non-ASCII octets`);
        } else if (kind === 'sm') {
          needs(body, off, 1, 'sm_length');
          const n = body[off++];
          f.sm_length = n;
          needs(body, off, n, 'short_message');
          f.short_message_hex = body.subarray(off, off + n).toString('hex');
          off += n;
          if (n > 254) lint.push(`sm_length ${n} > 254`);
        } else if (kind === 'dests') {
          needs(body, off, 1, 'number_of_dests');
          const n = body[off++];
          f.number_of_dests = n;
          f.dest_addresses = [];
          if (n === 0) lint.push('number_of_dests is 0');
          for (let i = 0; i < n; i++) {
            needs(body, off, 1, 'dest_flag');
            const flag = body[off++];
            if (flag === 1) {
              needs(body, off, 2, 'dest_addr_ton/npi');
              const d = { dest_flag: 1, dest_addr_ton: body[off], dest_addr_npi: body[off + 1] };
              off += 2;
              [d.destination_addr, off] = readCString(body, off, 'destination_addr');
              if (d.destination_addr.length + 1 > 21) lint.push('dest_address destination_addr longer than 21 incl. NUL');
              f.dest_addresses.push(d);
            } else if (flag === 2) {
              const d = { dest_flag: 2 };
              [d.dl_name, off] = readCString(body, off, 'dl_name');
              if (d.dl_name.length + 1 > 21) lint.push('dl_name longer than 21 incl. NUL');
              f.dest_addresses.push(d);
            } else throw new ParseError(`dest_flag ${flag} is neither 1 nor 2`);
          }
        } else if (kind === 'unsucc') {
          needs(body, off, 1, 'no_unsuccess');
          const n = body[off++];
          f.no_unsuccess = n;
          f.unsuccess_smes = [];
          for (let i = 0; i < n; i++) {
            needs(body, off, 2, 'unsuccess_sme ton/npi');
            const u = { dest_addr_ton: body[off], dest_addr_npi: body[off + 1] };
            off += 2;
            [u.destination_addr, off] = readCString(body, off, 'unsuccess destination_addr');
            needs(body, off, 4, 'error_status_code');
            u.error_status_code = body.readUInt32BE(off);
            off += 4;
            f.unsuccess_smes.push(u);
          }
        }
      }
    }
    while (off < body.length) {
      needs(body, off, 4, 'TLV header');
      const tag = body.readUInt16BE(off), len = body.readUInt16BE(off + 2);
      off += 4;
      needs(body, off, len, `TLV 0x${tag.toString(16)} value`);
      const val = body.subarray(off, off + len);
      off += len;
      out.tlvs.push({ tag, hex: val.toString('hex') });
      const spec = TLVS[tag];
      if (!spec) continue; // unknown/vendor tags are legal and skipped
      const [tname, lens, cstr] = spec;
      if (Array.isArray(lens) ? !lens.includes(len) : (len < lens.min || len > lens.max))
        lint.push(`TLV ${tname} (0x${tag.toString(16).padStart(4, '0')}) length ${len}; SMPP.md 5 says ${Array.isArray(lens) ? lens.join(' or ') : lens.min + '..' + lens.max}`);
      if (cstr && len > 0 && (val[len - 1] !== 0 || val.subarray(0, len - 1).includes(0)))
        lint.push(`TLV ${tname} is a C-octet string but its value is not exactly NUL-terminated`);
    }
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    out.error = e.message;
  }
  // Semantic checks
  if (isResp && out.command_status !== 0 && body.length > 0) {
    if (/^bind_.*_resp$|^submit_sm_resp$/.test(out.command))
      lint.push(`error ${out.command} carries a ${body.length}-octet body; SMPP 3.4 says the body is not returned (SMPP.md 2.2)`);
    else lint.push(`error ${out.command} carries a ${body.length}-octet body; SMPP.md 2.2 codec rule: encode error responses with an empty body`);
  }
  if ('sm_length' in f && f.sm_length > 0 && out.tlvs.some((t) => t.tag === 0x0424))
    lint.push('both short_message (sm_length > 0) and message_payload present');
  if (f.data_coding === 1) {
    const payload = out.tlvs.find((t) => t.tag === 0x0424);
    for (const [what, hx] of [['short_message', f.short_message_hex], ['message_payload', payload && payload.hex]]) {
      if (!hx) continue;
      const b = Buffer.from(hx, 'hex');
      const udhLen = (f.esm_class & 0x40) && b.length ? b[0] + 1 : 0;
      if ([...b.subarray(udhLen)].some((x) => x < 0x20 && x !== 0x0a && x !== 0x0d))
        lint.push(`data_coding 0x01 (IA5/ASCII) but ${what} has control octets (0x00/0x02/0x11/0x1B...) typical of GSM 03.38 coding`);
    }
  }
  return out;
}

// Reassembles a byte stream into PDUs by command_length.
class PduSplitter {
  constructor() { this.buf = Buffer.alloc(0); }
  push(chunk) {
    this.buf = Buffer.concat([this.buf, chunk]);
    const pdus = [];
    while (this.buf.length >= 4) {
      const len = this.buf.readUInt32BE(0);
      if (len < 16) throw new Error(`bad command_length ${len}`);
      if (this.buf.length < len) break;
      pdus.push(this.buf.subarray(0, len));
      this.buf = this.buf.subarray(len);
    }
    return pdus;
  }
}

module.exports = { parsePdu, PduSplitter, COMMANDS, LAYOUTS, TLVS };
