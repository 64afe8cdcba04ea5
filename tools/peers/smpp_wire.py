"""Independent SMPP 3.4/5.0 PDU parser + spec linter (no smpplib code used).

Python twin of smpp_wire.js; layouts and limits follow shared/reference/SMPP.md
sections 1, 2, 4 and 5. parse_pdu(bytes) -> dict with command_length, command_id,
command, command_status, sequence_number, fields, tlvs, lint (list) and error (optional).
"""
import re
import struct

COMMANDS = {
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
}

_BIND = [('system_id', 'c', 16), ('password', 'c', 9), ('system_type', 'c', 13),
         ('interface_version', 'u8'), ('addr_ton', 'u8'), ('addr_npi', 'u8'), ('address_range', 'c', 41)]
_SM_TAIL = [('esm_class', 'u8'), ('protocol_id', 'u8'), ('priority_flag', 'u8'),
            ('schedule_delivery_time', 't'), ('validity_period', 't'), ('registered_delivery', 'u8'),
            ('replace_if_present_flag', 'u8'), ('data_coding', 'u8'), ('sm_default_msg_id', 'u8'),
            ('short_message', 'sm')]
_SRC21 = [('source_addr_ton', 'u8'), ('source_addr_npi', 'u8'), ('source_addr', 'c', 21)]
_DST21 = [('dest_addr_ton', 'u8'), ('dest_addr_npi', 'u8'), ('destination_addr', 'c', 21)]
_SUBMIT = [('service_type', 'c', 6)] + _SRC21 + _DST21 + _SM_TAIL

LAYOUTS = {
    'generic_nack': [],
    'bind_receiver': _BIND, 'bind_transmitter': _BIND, 'bind_transceiver': _BIND,
    'bind_receiver_resp': [('system_id', 'c', 16)],
    'bind_transmitter_resp': [('system_id', 'c', 16)],
    'bind_transceiver_resp': [('system_id', 'c', 16)],
    'outbind': [('system_id', 'c', 16), ('password', 'c', 9)],
    'unbind': [], 'unbind_resp': [], 'enquire_link': [], 'enquire_link_resp': [],
    'submit_sm': _SUBMIT, 'deliver_sm': _SUBMIT,
    'submit_sm_resp': [('message_id', 'c', 65)],
    'deliver_sm_resp': [('message_id', 'c', 1)],
    'submit_multi': [('service_type', 'c', 6)] + _SRC21 + [('dest_addresses', 'dests')] + _SM_TAIL,
    'submit_multi_resp': [('message_id', 'c', 65), ('unsuccess_smes', 'unsucc')],
    'data_sm': [('service_type', 'c', 6), ('source_addr_ton', 'u8'), ('source_addr_npi', 'u8'),
                ('source_addr', 'c', 65), ('dest_addr_ton', 'u8'), ('dest_addr_npi', 'u8'),
                ('destination_addr', 'c', 65), ('esm_class', 'u8'), ('registered_delivery', 'u8'),
                ('data_coding', 'u8')],
    'data_sm_resp': [('message_id', 'c', 65)],
    'query_sm': [('message_id', 'c', 65)] + _SRC21,
    'query_sm_resp': [('message_id', 'c', 65), ('final_date', 't'), ('message_state', 'u8'),
                      ('error_code', 'u8')],
    'cancel_sm': [('service_type', 'c', 6), ('message_id', 'c', 65)] + _SRC21 + _DST21,
    'cancel_sm_resp': [],
    'replace_sm': [('message_id', 'c', 65)] + _SRC21 + [
        ('schedule_delivery_time', 't'), ('validity_period', 't'), ('registered_delivery', 'u8'),
        ('sm_default_msg_id', 'u8'), ('short_message', 'sm')],
    'replace_sm_resp': [],
    'alert_notification': [('source_addr_ton', 'u8'), ('source_addr_npi', 'u8'), ('source_addr', 'c', 65),
                           ('esme_addr_ton', 'u8'), ('esme_addr_npi', 'u8'), ('esme_addr', 'c', 65)],
    'broadcast_sm': [('service_type', 'c', 6)] + _SRC21 + [
        ('message_id', 'c', 65), ('priority_flag', 'u8'), ('schedule_delivery_time', 't'),
        ('validity_period', 't'), ('replace_if_present_flag', 'u8'), ('data_coding', 'u8'),
        ('sm_default_msg_id', 'u8')],
    'broadcast_sm_resp': [('message_id', 'c', 65)],
    'query_broadcast_sm': [('message_id', 'c', 65)] + _SRC21,
    'query_broadcast_sm_resp': [('message_id', 'c', 65)],
    'cancel_broadcast_sm': [('service_type', 'c', 6), ('message_id', 'c', 65)] + _SRC21,
    'cancel_broadcast_sm_resp': [],
}

# tag -> (name, allowed lengths: tuple of exact values or range(min, max+1), is C-octet string)
TLVS = {
    0x0005: ('dest_addr_subunit', (1,)), 0x0006: ('dest_network_type', (1,)),
    0x0007: ('dest_bearer_type', (1,)), 0x0008: ('dest_telematics_id', (2,)),
    0x000D: ('source_addr_subunit', (1,)), 0x000E: ('source_network_type', (1,)),
    0x000F: ('source_bearer_type', (1,)), 0x0010: ('source_telematics_id', (2,)),
    0x0017: ('qos_time_to_live', (4,)), 0x0019: ('payload_type', (1,)),
    0x001D: ('additional_status_info_text', range(1, 257), True),
    0x001E: ('receipted_message_id', range(1, 66), True), 0x0030: ('ms_msg_wait_facilities', (1,)),
    0x0201: ('privacy_indicator', (1,)), 0x0202: ('source_subaddress', range(2, 24)),
    0x0203: ('dest_subaddress', range(2, 24)), 0x0204: ('user_message_reference', (2,)),
    0x0205: ('user_response_code', (1,)), 0x020A: ('source_port', (2,)),
    0x020B: ('destination_port', (2,)), 0x020C: ('sar_msg_ref_num', (2,)),
    0x020D: ('language_indicator', (1,)), 0x020E: ('sar_total_segments', (1,)),
    0x020F: ('sar_segment_seqnum', (1,)), 0x0210: ('sc_interface_version', (1,)),
    0x0302: ('callback_num_pres_ind', (1,)), 0x0303: ('callback_num_atag', range(0, 66)),
    0x0304: ('number_of_messages', (1,)), 0x0381: ('callback_num', range(4, 20)),
    0x0420: ('dpf_result', (1,)), 0x0421: ('set_dpf', (1,)), 0x0422: ('ms_availability_status', (1,)),
    0x0423: ('network_error_code', (3,)), 0x0424: ('message_payload', range(0, 65536)),
    0x0425: ('delivery_failure_reason', (1,)), 0x0426: ('more_messages_to_send', (1,)),
    0x0427: ('message_state', (1,)), 0x0428: ('congestion_state', (1,)),
    0x0501: ('ussd_service_op', (1,)), 0x0600: ('broadcast_channel_indicator', (1,)),
    0x0601: ('broadcast_content_type', (3,)), 0x0602: ('broadcast_content_type_info', range(0, 256)),
    0x0603: ('broadcast_message_class', (1,)), 0x0604: ('broadcast_rep_num', (1, 2)),
    0x0605: ('broadcast_frequency_interval', (3,)), 0x0606: ('broadcast_area_identifier', range(1, 102)),
    0x0607: ('broadcast_error_status', (4,)), 0x0608: ('broadcast_area_success', (1,)),
    0x0609: ('broadcast_end_time', (17,), True), 0x060A: ('broadcast_service_group', range(1, 256)),
    0x060B: ('billing_identification', range(1, 1025)), 0x060D: ('source_network_id', range(1, 67), True),
    0x060E: ('dest_network_id', range(1, 67), True), 0x060F: ('source_node_id', (6,)),
    0x0610: ('dest_node_id', (6,)), 0x0611: ('dest_addr_np_resolution', (1,)),
    0x0612: ('dest_addr_np_information', (10,)), 0x0613: ('dest_addr_np_country', range(1, 6)),
    0x1201: ('display_time', (1,)), 0x1203: ('sms_signal', (2,)), 0x1204: ('ms_validity', (1, 4)),
    0x130C: ('alert_on_message_delivery', (0, 1)), 0x1380: ('its_reply_type', (1,)),
    0x1383: ('its_session_info', (2,)),
}
TLV_BY_NAME = {v[0]: k for k, v in TLVS.items()}


class ParseError(Exception):
    pass


def _need(body, off, n, name):
    if off + n > len(body):
        raise ParseError('%s: needs %d octet(s) at offset %d, PDU body has %d' % (name, n, off, len(body)))


def _cstring(body, off, name):
    end = body.find(b'\0', off)
    if end < 0:
        raise ParseError('%s: C-octet string not NUL-terminated before end of PDU' % name)
    return body[off:end].decode('latin-1'), end + 1


def _lint_time(name, v, lint):
    if not v:
        return
    if len(v) != 16:
        lint.append('%s is %d chars; SMPP.md 6.7 allows only empty or 16' % (name, len(v)))
        return
    m = re.match(r'^(\d{12})(\d)(\d\d)([+\-R])$', v)
    if not m:
        lint.append('%s "%s" is not YYMMDDhhmmsstnnp' % (name, v))
        return
    if int(m.group(3)) > 48:
        lint.append('%s "%s": quarter-hour offset %s > 48' % (name, v, m.group(3)))
    if m.group(4) == 'R' and (m.group(2) != '0' or m.group(3) != '00'):
        lint.append('%s "%s": relative time must have t=0 and nn=00' % (name, v))


def parse_pdu(data):
    if isinstance(data, str):
        data = bytes.fromhex(data)
    lint = []
    out = {'command_length': None, 'command_id': None, 'command': None, 'command_status': None,
           'sequence_number': None, 'fields': {}, 'tlvs': [], 'lint': lint}
    if len(data) < 16:
        out['error'] = 'PDU shorter than 16-octet header (%d)' % len(data)
        return out
    length, cid, status, seq = struct.unpack('>LLLL', data[:16])
    out.update(command_length=length, command_id=cid, command_status=status, sequence_number=seq,
               command=COMMANDS.get(cid))
    if length != len(data):
        lint.append('command_length %d != actual %d' % (length, len(data)))
    is_resp = bool(cid & 0x80000000)
    if not is_resp and status != 0:
        lint.append('request with command_status %d (must be 0)' % status)
    if out['command'] != 'generic_nack' and not (1 <= seq <= 0x7FFFFFFF):
        lint.append('sequence_number %d outside 1..0x7FFFFFFF' % seq)
    if out['command'] is None:
        out['error'] = 'unknown command_id 0x%x' % cid
        return out
    body = data[16:max(16, min(len(data), length))]
    f = out['fields']
    off = 0
    try:
        if body:
            for spec in LAYOUTS[out['command']]:
                name, kind = spec[0], spec[1]
                if kind == 'u8':
                    _need(body, off, 1, name)
                    f[name] = body[off]
                    off += 1
                elif kind in ('c', 't'):
                    v, off = _cstring(body, off, name)
                    f[name] = v
                    if kind == 't':
                        _lint_time(name, v, lint)
                    elif len(v) + 1 > spec[2]:
                        lint.append('%s is %d octets incl. NUL; max %d' % (name, len(v) + 1, spec[2]))
                    if re.search(r'[^\x20-\x7e]', v):
                        lint.append('%s contains non-printable/non-ASCII octets' % name)
                elif kind == 'sm':
                    _need(body, off, 1, 'sm_length')
                    n = body[off]
                    off += 1
                    f['sm_length'] = n
                    _need(body, off, n, 'short_message')
                    f['short_message_hex'] = body[off:off + n].hex()
                    off += n
                    if n > 254:
                        lint.append('sm_length %d > 254' % n)
                elif kind == 'dests':
                    _need(body, off, 1, 'number_of_dests')
                    n = body[off]
                    off += 1
                    f['number_of_dests'] = n
                    f['dest_addresses'] = []
                    if n == 0:
                        lint.append('number_of_dests is 0')
                    for _ in range(n):
                        _need(body, off, 1, 'dest_flag')
                        flag = body[off]
                        off += 1
                        if flag == 1:
                            _need(body, off, 2, 'dest_addr_ton/npi')
                            d = {'dest_flag': 1, 'dest_addr_ton': body[off], 'dest_addr_npi': body[off + 1]}
                            d['destination_addr'], off = _cstring(body, off + 2, 'destination_addr')
                            if len(d['destination_addr']) + 1 > 21:
                                lint.append('dest_address destination_addr longer than 21 incl. NUL')
                        elif flag == 2:
                            d = {'dest_flag': 2}
                            d['dl_name'], off = _cstring(body, off, 'dl_name')
                            if len(d['dl_name']) + 1 > 21:
                                lint.append('dl_name longer than 21 incl. NUL')
                        else:
                            raise ParseError('dest_flag %d is neither 1 nor 2' % flag)
                        f['dest_addresses'].append(d)
                elif kind == 'unsucc':
                    _need(body, off, 1, 'no_unsuccess')
                    n = body[off]
                    off += 1
                    f['no_unsuccess'] = n
                    f['unsuccess_smes'] = []
                    for _ in range(n):
                        _need(body, off, 2, 'unsuccess_sme ton/npi')
                        u = {'dest_addr_ton': body[off], 'dest_addr_npi': body[off + 1]}
                        u['destination_addr'], off = _cstring(body, off + 2, 'unsuccess destination_addr')
                        _need(body, off, 4, 'error_status_code')
                        u['error_status_code'] = struct.unpack('>L', body[off:off + 4])[0]
                        off += 4
                        f['unsuccess_smes'].append(u)
        while off < len(body):
            _need(body, off, 4, 'TLV header')
            tag, ln = struct.unpack('>HH', body[off:off + 4])
            off += 4
            _need(body, off, ln, 'TLV 0x%x value' % tag)
            val = body[off:off + ln]
            off += ln
            out['tlvs'].append({'tag': tag, 'hex': val.hex()})
            spec = TLVS.get(tag)
            if spec is None:
                continue  # unknown/vendor tags are legal and skipped
            tname, lens = spec[0], spec[1]
            if ln not in lens:
                allowed = ' or '.join(map(str, lens)) if isinstance(lens, tuple) else '%d..%d' % (lens.start, lens.stop - 1)
                lint.append('TLV %s (0x%04x) length %d; SMPP.md 5 says %s' % (tname, tag, ln, allowed))
            if len(spec) > 2 and spec[2] and ln > 0 and (val[-1] != 0 or b'\0' in val[:-1]):
                lint.append('TLV %s is a C-octet string but its value is not exactly NUL-terminated' % tname)
    except ParseError as e:
        out['error'] = str(e)
    cmd = out['command']
    if is_resp and status != 0 and body:
        if re.match(r'^bind_.*_resp$|^submit_sm_resp$', cmd):
            lint.append('error %s carries a %d-octet body; SMPP 3.4 says the body is not returned (SMPP.md 2.2)' % (cmd, len(body)))
        else:
            lint.append('error %s carries a %d-octet body; SMPP.md 2.2 codec rule: encode error responses with an empty body' % (cmd, len(body)))
    if f.get('sm_length', 0) > 0 and any(t['tag'] == 0x0424 for t in out['tlvs']):
        lint.append('both short_message (sm_length > 0) and message_payload present')
    if f.get('data_coding') == 1:
        payload = [t['hex'] for t in out['tlvs'] if t['tag'] == 0x0424]
        for what, hx in (('short_message', f.get('short_message_hex')), ('message_payload', payload[0] if payload else None)):
            if not hx:
                continue
            b = bytes.fromhex(hx)
            udh = b[0] + 1 if (f.get('esm_class', 0) & 0x40) and b else 0
            if any((x < 0x20 and x not in (0x0a, 0x0d)) for x in b[udh:]):
                lint.append('data_coding 0x01 (IA5/ASCII) but %s has control octets (0x00/0x02/0x11/0x1B...) typical of GSM 03.38 coding' % what)
    return out


def split_stream(data):
    """Split a byte string into complete PDUs by command_length; returns (pdus, leftover)."""
    pdus = []
    while len(data) >= 4:
        ln = struct.unpack('>L', data[:4])[0]
        if ln < 16:
            raise ValueError('bad command_length %d' % ln)
        if len(data) < ln:
            break
        pdus.append(data[:ln])
        data = data[ln:]
    return pdus, data
