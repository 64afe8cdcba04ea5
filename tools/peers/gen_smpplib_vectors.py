#!/usr/bin/env python3
"""Generate smpp-proto/tests/vectors/peers/smpplib.json from python-smpplib.

1. "generate" vectors: smpplib.smpp.make_pdu(...).generate()
2. "wire" vectors: smpplib's Client talking to the node-smpp SMSC (node_server.js) through the
   recording proxy wire_proxy.js, all on 127.0.0.1. Both directions are recorded; the
   server->client PDUs are node-smpp's bytes and are labelled as such in "source".
"fields"/"tlvs" are always derived from the bytes by the independent parser smpp_wire.py and
cross-checked against the values passed to smpplib.

Usage: /work/scratch/venv-peers/bin/python gen_smpplib_vectors.py [--out PATH] [--no-wire]
Hard timeout: 90 s.
"""
import json
import logging
import os
import random
import signal
import socket
import subprocess
import sys
import time
from importlib import metadata

import smpplib.client
import smpplib.consts as K
import smpplib.gsm
import smpplib.smpp
from smpplib import exceptions as smpp_exc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from smpp_wire import LAYOUTS, parse_pdu  # noqa: E402
from vectorlib import finish, h, make_vector  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
VERSION = metadata.version('smpplib')
LIB = 'smpplib %s' % VERSION
NODE_LIB = 'node-smpp %s' % json.load(open(os.path.join(HERE, 'node_modules/smpp/package.json')))['version']
OUT = os.path.join(HERE, '../../smpp-proto/tests/vectors/peers/smpplib.json')
if '--out' in sys.argv:
    OUT = sys.argv[sys.argv.index('--out') + 1]


def _hard_timeout(*_):
    sys.stderr.write('gen_smpplib_vectors: hard timeout\n')
    os._exit(3)


logging.basicConfig(level=logging.ERROR)  # smpplib warns "Unhandled SMPP command" for *_resp it does not track
signal.signal(signal.SIGALRM, _hard_timeout)
signal.alarm(90)

vectors = []
failures = []


def add_vector(buf, name, source, expect=None, deviation=None, override=None, notes=()):
    """deviation: declared SMPP.md deviation (lint/mismatch expected, spec_deviation=True).
    override: smpplib changed a value we passed, but the bytes are still spec-valid."""
    v = make_vector(buf, name, source, failures, expect, deviation, override, notes)
    # smpplib must be able to parse what it generated
    try:
        smpplib.smpp.parse_pdu(buf, client=SEQ, allow_unknown_opt_params=True)
    except Exception as e:  # pragma: no cover - recorded, not fatal
        note = 'smpplib cannot parse these bytes: %s: %s' % (type(e).__name__, e)
        v['notes'] = ' | '.join(x for x in (v['notes'], note) if x)
    vectors.append(v)


class SeqStub(object):
    """smpplib commands need a 'client' with next_sequence(); DataSMResp even asks it for a new
    sequence number although it is a response."""
    sequence = 0

    def next_sequence(self):
        self.sequence += 1
        return self.sequence


SEQ = SeqStub()


def gen(name, command, seq, expect=None, status=None, deviation=None, override=None, notes=(), **kw):
    if status is not None:
        kw['status'] = status
    pdu = smpplib.smpp.make_pdu(command, client=SEQ, **kw)
    pdu.sequence = seq  # make_pdu(sequence=N) is ignored (see notes in the report)
    add_vector(pdu.generate(), name, '%s generate' % LIB, expect, deviation, override, notes)


ADDR = dict(source_addr_ton=1, source_addr_npi=1, source_addr='61400000001', dest_addr_ton=1, dest_addr_npi=1,
            destination_addr='61400000002')
RECEIPT = 'id:0123456789 sub:001 dlvrd:001 submit date:2503011430 done date:2503011431 stat:DELIVRD err:000 text:Hello world'
LONG = 'This message is longer than one SMS so smpplib splits it into parts with a concatenation UDH. ' * 2


def generate_vectors():
    # ---- bind family
    gen('bind_transmitter v3.4 with system_type', 'bind_transmitter', 1,
        {'fields': dict(system_id='esme01', password='secret', system_type='VMS', interface_version=0x34,
                        addr_ton=1, addr_npi=1, address_range='')},
        system_id='esme01', password='secret', system_type='VMS', addr_ton=1, addr_npi=1, address_range='')
    gen('bind_receiver asking for interface_version 0x50', 'bind_receiver', 2,
        {'fields': dict(system_id='esme01', password='secret', system_type='', interface_version=0x50,
                        addr_ton=0, addr_npi=0, address_range='')},
        override='smpplib always writes interface_version 0x34: BindTransmitter.__init__ overwrites any value passed',
        system_id='esme01', password='secret', interface_version=0x50)
    gen('bind_transceiver with address_range', 'bind_transceiver', 3,
        {'fields': dict(system_id='esme01', password='secret', interface_version=0x34, addr_ton=1, addr_npi=1,
                        address_range='^614')},
        system_id='esme01', password='secret', addr_ton=1, addr_npi=1, address_range='^614')
    gen('bind_transmitter with over-long system_id and password (silently truncated)', 'bind_transmitter', 4,
        {'fields': dict(system_id='a-very-long-system-id', password='password123')},
        override='C-octet strings longer than the SMPP maximum are silently truncated to max-1 characters '
                 '(system_id to 15, password to 8) instead of being rejected',
        system_id='a-very-long-system-id', password='password123')
    gen('bind_transmitter_resp success', 'bind_transmitter_resp', 1,
        {'fields': {'system_id': 'SMSC01'}, 'tlvs': []}, system_id='SMSC01')
    gen('bind_receiver_resp success with sc_interface_version TLV', 'bind_receiver_resp', 2,
        {'fields': {'system_id': 'SMSC01'}, 'tlvs': [{'tag': 0x0210, 'hex': '34'}]},
        system_id='SMSC01', sc_interface_version=0x34)
    gen('bind_transceiver_resp success', 'bind_transceiver_resp', 3,
        {'fields': {'system_id': 'SMSC01'}}, system_id='SMSC01')
    gen('bind_transmitter_resp error ESME_RINVPASWD', 'bind_transmitter_resp', 1,
        {'fields': {}, 'fields_exact': True, 'command_status': 0x0E}, status=K.SMPP_ESME_RINVPASWD,
        deviation='smpplib always generates the mandatory body, even for error responses: a lone NUL '
                  '(empty system_id) follows the header. SMPP 3.4: body not returned on error.')
    gen('bind_receiver_resp error ESME_RINVSYSID with system_id set', 'bind_receiver_resp', 2,
        {'fields': {}, 'fields_exact': True, 'command_status': 0x0F}, status=K.SMPP_ESME_RINVSYSID, system_id='SMSC01',
        deviation='error response still carries system_id "SMSC01" (the body is never suppressed)')
    gen('bind_transceiver_resp error ESME_RBINDFAIL', 'bind_transceiver_resp', 3,
        {'fields': {}, 'fields_exact': True, 'command_status': 0x0D}, status=K.SMPP_ESME_RBINDFAIL,
        deviation='non-empty body (single NUL) on an error bind response')

    # ---- header-only PDUs
    gen('unbind', 'unbind', 9, {'fields': {}, 'fields_exact': True})
    gen('unbind_resp', 'unbind_resp', 9, {'fields': {}, 'fields_exact': True})
    gen('enquire_link', 'enquire_link', 10, {'fields': {}, 'fields_exact': True})
    gen('enquire_link at max sequence_number 0x7FFFFFFF', 'enquire_link', 0x7FFFFFFF, {'sequence_number': 0x7FFFFFFF})
    gen('enquire_link_resp', 'enquire_link_resp', 10, {'fields': {}, 'fields_exact': True})
    gen('generic_nack ESME_RINVCMDID', 'generic_nack', 11, {'fields': {}, 'command_status': 3},
        status=K.SMPP_ESME_RINVCMDID)

    # ---- submit_sm
    parts, enc, esm = smpplib.gsm.make_parts('Hello world')
    gen('submit_sm plain GSM text via gsm.make_parts (data_coding 0)', 'submit_sm', 20,
        {'fields': dict(service_type='', esm_class=0, protocol_id=0, priority_flag=0, schedule_delivery_time='',
                        validity_period='', registered_delivery=1, replace_if_present_flag=0, data_coding=0,
                        sm_default_msg_id=0, sm_length=11, short_message_hex=h('Hello world'),
                        **ADDR), 'tlvs': []},
        short_message=parts[0], data_coding=enc, esm_class=esm, registered_delivery=1, **ADDR)
    parts, enc, esm = smpplib.gsm.make_parts('a@b $5 x_y {€}')
    gen('submit_sm GSM text with @ $ _ { € (gsm_encode, unpacked septets)', 'submit_sm', 21,
        {'fields': dict(data_coding=0, sm_length=17, short_message_hex='61006220023520781179201b281b651b29')},
        short_message=parts[0], data_coding=enc, esm_class=esm, **ADDR)
    parts, enc, esm = smpplib.gsm.make_parts('cost `5`')
    gen('submit_sm text with a backtick (smpplib GSM table maps ` to 0x5F)', 'submit_sm', 22,
        {'fields': dict(data_coding=8, short_message_hex=h('cost `5`', 'utf-16-be'))},
        short_message=parts[0], data_coding=enc, esm_class=esm, **ADDR,
        override='smpplib gsm_encode() accepts "`" and writes 0x5F, which GSM 03.38 defines as "§" '
                 '(SMPP.md 11: python-smpplib has backtick at 0x5F). A spec encoder would fall back to UCS2. '
                 'The bytes are a valid PDU but decode as "cost §5§".')
    parts, enc, esm = smpplib.gsm.make_parts('price 5€ §')
    gen('submit_sm text with § falls back to UCS2 in smpplib', 'submit_sm', 23,
        {'fields': dict(data_coding=8, short_message_hex=h('price 5€ §', 'utf-16-be'), sm_length=20)},
        short_message=parts[0], data_coding=enc, esm_class=esm, **ADDR,
        notes=['§ (GSM 0x5F) is missing from smpplib\'s GSM table, so gsm.make_parts() switches the whole '
               'message to UCS2 (data_coding 8)'])
    parts, enc, esm = smpplib.gsm.make_parts('Привет 👋')
    gen('submit_sm UCS2 (data_coding 8) with a surrogate pair', 'submit_sm', 24,
        {'fields': dict(data_coding=8, sm_length=18, short_message_hex=h('Привет 👋', 'utf-16-be'))},
        short_message=parts[0], data_coding=enc, esm_class=esm, registered_delivery=1, **ADDR)
    parts, enc, esm = smpplib.gsm.make_parts('café déjà vu', encoding=K.SMPP_ENCODING_ISO88591)
    gen('submit_sm Latin-1 (data_coding 3)', 'submit_sm', 25,
        {'fields': dict(data_coding=3, sm_length=12, short_message_hex=h('café déjà vu'))},
        short_message=parts[0], data_coding=enc, esm_class=esm, **ADDR)
    random.seed(7)
    parts, enc, esm = smpplib.gsm.make_parts(LONG)
    ref = parts[0][3]
    for i, part in enumerate(parts, start=1):
        body = LONG[(i - 1) * 153:i * 153]
        gen('submit_sm concatenated part %d/%d with UDH, esm_class 0x40' % (i, len(parts)), 'submit_sm', 25 + i,
            {'fields': dict(esm_class=0x40, data_coding=0, sm_length=6 + len(body),
                            short_message_hex='050003%02x%02x%02x' % (ref, len(parts), i) + h(body))},
            short_message=part, data_coding=enc, esm_class=esm, registered_delivery=1, **ADDR,
            notes=['gsm.make_parts() splits GSM text into 153-septet parts (unpacked, one octet each) behind a '
                   '6-octet 8-bit-reference concatenation UDH; the reference is random'])
    payload = b'A message_payload travels in TLV 0x0424 and sm_length is 0. ' * 5
    gen('submit_sm with message_payload TLV and sm_length 0', 'submit_sm', 30,
        {'fields': dict(sm_length=0, short_message_hex='', data_coding=0),
         'tlvs': [{'tag': 0x0424, 'hex': payload.hex()}]},
        message_payload=payload, data_coding=0, registered_delivery=1, **ADDR)
    gen('submit_sm with several TLVs (order fixed by smpplib)', 'submit_sm', 31,
        {'fields': dict(sm_length=8, short_message_hex=h('TLV test')), 'tlvs': [
            {'tag': 0x0204, 'hex': '1234'}, {'tag': 0x020A, 'hex': '1388'}, {'tag': 0x020B, 'hex': '0b84'},
            {'tag': 0x020C, 'hex': 'beef'}, {'tag': 0x020E, 'hex': '02'}, {'tag': 0x020F, 'hex': '01'},
            {'tag': 0x0426, 'hex': '01'}, {'tag': 0x0019, 'hex': '00'}, {'tag': 0x0201, 'hex': '01'},
            {'tag': 0x0381, 'hex': '010101' + h('61400000009')}, {'tag': 0x0302, 'hex': '00'},
            {'tag': 0x020D, 'hex': '01'}, {'tag': 0x1383, 'hex': '0301'}, {'tag': 0x0501, 'hex': '02'}]},
        short_message=b'TLV test', data_coding=0, registered_delivery=1, **ADDR,
        ussd_service_op=2, its_session_info=0x0301, language_indicator=1, callback_num_pres_ind=0,
        callback_num=b'\x01\x01\x01' + b'61400000009', privacy_indicator=1, payload_type=0,
        more_messages_to_send=1, sar_segment_seqnum=1, sar_total_segments=2, sar_msg_ref_num=0xBEEF,
        destination_port=2948, source_port=5000, user_message_reference=0x1234,
        notes=['TLVs are written in smpplib\'s fixed params_order, not in the order given; '
               'smpplib has no way to add unknown/vendor TLVs (Command._generate_opt_header raises '
               '"Vendors not supported")'])
    gen('submit_sm with source_addr_subunit (2-octet TLV)', 'submit_sm', 32,
        {'tlvs': [{'tag': 0x000D, 'hex': '01'}]},
        short_message=b'x', data_coding=0, source_addr_subunit=1, **ADDR,
        deviation='SubmitSM declares source_addr_subunit as Param(int, size=2): TLV 0x000D is written with '
                  'length 2 (0001); SMPP.md 5 says Int1 (DataSM in the same library uses size 1)')
    gen('submit_sm with alert_on_message_delivery (silently dropped)', 'submit_sm', 33,
        {'tlvs': [{'tag': 0x130C, 'hex': ''}]},
        short_message=b'x', data_coding=0, alert_on_message_delivery=True, **ADDR,
        override='alert_on_message_delivery has Param(type=flag) which generate_params() does not handle: '
                 'the TLV is silently omitted, so neither the 3.4 zero-length nor the 5.0 1-octet form can be sent')
    gen('submit_sm with ASCII-only source_subaddress (NUL appended)', 'submit_sm', 34,
        {'tlvs': [{'tag': 0x0202, 'hex': h('P1234')}]},
        short_message=b'x', data_coding=0, source_subaddress='P1234', **ADDR,
        deviation='source_subaddress/dest_subaddress are typed str, so a NUL is appended (length 6 instead of 5); '
                  'SMPP.md 5: Oct 2..23 = subaddress-type octet + digits, no terminator')
    gen('submit_sm with a real source_subaddress (type octet 0xA0): corrupt TLV stream', 'submit_sm', 35,
        {'tlvs': [{'tag': 0x0202, 'hex': 'a0' + h('1234')}]},
        short_message=b'x', data_coding=0, source_subaddress='\xa01234', **ADDR,
        deviation='a subaddress must start with 0x80/0x88/0xA0, which smpplib can only take as a str: it is UTF-8 '
                  'encoded (0xA0 -> C2 A0) and NUL-terminated, but the TLV length counts characters (6), not '
                  'octets (7). One stray octet (00) is left after the TLV, so the TLV stream is malformed '
                  '(a strict decoder should answer ESME_RINVTLVSTREAM 0xC0; smpplib cannot parse it either). '
                  'The same applies to every str-typed TLV with non-ASCII content.')
    gen('submit_sm with 16-char absolute and relative time strings', 'submit_sm', 36,
        {'fields': dict(schedule_delivery_time='250301143000004+', validity_period='000002120000000R')},
        short_message=b'timed', data_coding=0, schedule_delivery_time='250301143000004+',
        validity_period='000002120000000R', **ADDR)
    gen('submit_sm time fields are not validated', 'submit_sm', 37,
        {'fields': dict(schedule_delivery_time='2503011430', validity_period='000002120000000R')},
        short_message=b'bad', data_coding=0, schedule_delivery_time='2503011430',
        validity_period='000002120000000RXYZ', **ADDR,
        deviation='time strings are written verbatim (a 10-char value violates COct(1|17)); over-long ones are '
                  'cut to 16 characters without any check')
    gen('submit_sm_resp success', 'submit_sm_resp', 20, {'fields': {'message_id': '5f1c2d000001'}, 'tlvs': []},
        message_id='5f1c2d000001')
    gen('submit_sm_resp error ESME_RSUBMITFAIL', 'submit_sm_resp', 21,
        {'fields': {}, 'fields_exact': True, 'command_status': 0x45}, status=K.SMPP_ESME_RSUBMITFAIL,
        deviation='error submit_sm_resp still carries an empty message_id (one NUL octet); SMPP 3.4 says the body '
                  'is not returned')
    gen('submit_sm_resp error ESME_RTHROTTLED', 'submit_sm_resp', 22,
        {'fields': {}, 'fields_exact': True, 'command_status': 0x58}, status=K.SMPP_ESME_RTHROTTLED,
        deviation='non-empty body (single NUL) on an error submit_sm_resp')

    # ---- deliver_sm
    gen('deliver_sm delivery receipt with receipted_message_id, message_state, network_error_code', 'deliver_sm', 7,
        {'fields': dict(service_type='', source_addr='61400000002', destination_addr='61400000001', esm_class=4,
                        data_coding=0, schedule_delivery_time='', validity_period='', sm_length=len(RECEIPT),
                        short_message_hex=h(RECEIPT)),
         'tlvs': [{'tag': 0x0423, 'hex': '030000'}, {'tag': 0x0427, 'hex': '02'},
                  {'tag': 0x001E, 'hex': h('0123456789') + '00'}]},
        source_addr_ton=1, source_addr_npi=1, source_addr='61400000002', dest_addr_ton=1, dest_addr_npi=1,
        destination_addr='61400000001', esm_class=4, data_coding=0, short_message=RECEIPT.encode(),
        receipted_message_id='0123456789', message_state=2, network_error_code=b'\x03\x00\x00',
        notes=['TLV order is smpplib\'s fixed order: network_error_code, message_state, receipted_message_id'])
    gen('deliver_sm MO text', 'deliver_sm', 8,
        {'fields': dict(esm_class=0, source_addr='61400000002', destination_addr='1234', sm_length=4,
                        short_message_hex=h('STOP')), 'tlvs': []},
        source_addr_ton=1, source_addr_npi=1, source_addr='61400000002', destination_addr='1234', data_coding=0,
        short_message=b'STOP')
    long_id = 'r' * 65
    gen('deliver_sm receipt with a 65-char receipted_message_id (TLV length 66)', 'deliver_sm', 9,
        {'tlvs': [{'tag': 0x001E, 'hex': h('r' * 64) + '00'}]},
        source_addr='61400000002', destination_addr='61400000001', esm_class=4, data_coding=0,
        short_message=b'id:x stat:DELIVRD', receipted_message_id=long_id,
        deviation='string TLVs are truncated only when longer than max (off by one): a 65-char value is kept and '
                  'written with its NUL as 66 octets, above the 65-octet COct limit of receipted_message_id')
    gen('deliver_sm_resp success (empty message_id)', 'deliver_sm_resp', 7,
        {'fields': {'message_id': ''}, 'fields_exact': True, 'tlvs': []})
    gen('deliver_sm_resp error ESME_RX_T_APPN', 'deliver_sm_resp', 8,
        {'fields': {}, 'fields_exact': True, 'command_status': 0x64}, status=K.SMPP_ESME_RX_T_APPN,
        deviation='error deliver_sm_resp carries the one-octet body (empty message_id); SMPP.md 2.2 codec rule: '
                  'empty body on error (lenient decoders accept both)')

    # ---- data_sm
    wsp = bytes.fromhex('0106246170706c69636174696f6e2f766e642e7761702e6d6d732d6d65737361676500')
    gen('data_sm with message_payload and port TLVs', 'data_sm', 50,
        {'fields': dict(service_type='WAP', source_addr='61400000001', destination_addr='61400000002', esm_class=0,
                        registered_delivery=1, data_coding=4),
         'tlvs': [{'tag': 0x020A, 'hex': '23f0'}, {'tag': 0x020B, 'hex': '0b84'}, {'tag': 0x0426, 'hex': '00'},
                  {'tag': 0x0424, 'hex': wsp.hex()}]},
        service_type='WAP', registered_delivery=1, data_coding=4, source_port=9200, destination_port=2948,
        message_payload=wsp, more_messages_to_send=0, **ADDR)
    gen('data_sm with a 40-char source_addr (smpplib truncates to 20)', 'data_sm', 51,
        {'fields': dict(source_addr='a-very-long-originator-address-12345678')},
        source_addr_ton=5, source_addr='a-very-long-originator-address-12345678', destination_addr='61400000002',
        data_coding=0, message_payload=b'hi',
        override='DataSM declares source_addr/destination_addr as max 21 (SMPP.md: data_sm addresses are COct(65)); '
                 'longer addresses are silently cut to 20 characters')
    gen('data_sm with callback_num_atag (NUL appended)', 'data_sm', 52,
        {'tlvs': [{'tag': 0x0424, 'hex': h('hi')}, {'tag': 0x0303, 'hex': '00' + h('Bob')}]},
        source_addr='61400000001', destination_addr='61400000002', data_coding=0, message_payload=b'hi',
        callback_num_atag='\x00Bob',
        deviation='callback_num_atag is typed str in DataSM: a NUL is appended (length 5 instead of 4); '
                  'SMPP.md 5: Oct = data_coding octet + display octets, no terminator')
    gen('data_sm_resp success', 'data_sm_resp', 50, {'fields': {'message_id': 'data-0001'}, 'tlvs': []},
        message_id='data-0001', notes=['smpplib\'s DataSMResp consumes a fresh sequence number from the client when '
                                       'constructed (need_sequence is not disabled for this response class)'])
    gen('data_sm_resp with delivery_failure_reason and network_error_code', 'data_sm_resp', 51,
        {'fields': {'message_id': 'data-0002'},
         'tlvs': [{'tag': 0x0425, 'hex': '01'}, {'tag': 0x0423, 'hex': '030001'},
                  {'tag': 0x001D, 'hex': h('queued') + '00'}]},
        message_id='data-0002', delivery_failure_reason='\x01', network_error_code='\x03\x00\x01',
        additional_status_info_text='queued',
        deviation='DataSMResp types delivery_failure_reason and network_error_code as C-strings: they must be passed '
                  'as str, are UTF-8 encoded and get a NUL appended (0425 length 2, 0423 length 4); SMPP.md 5: '
                  'Int1 and Oct(3)')
    gen('data_sm_resp error ESME_RDELIVERYFAILURE', 'data_sm_resp', 52,
        {'fields': {}, 'fields_exact': True, 'command_status': 0xFE}, status=K.SMPP_ESME_RDELIVERYFAILURE,
        deviation='error data_sm_resp carries the one-octet body (empty message_id)')

    # ---- query_sm
    gen('query_sm', 'query_sm', 60,
        {'fields': dict(message_id='5f1c2d000001', source_addr_ton=1, source_addr_npi=1, source_addr='61400000001'),
         'fields_exact': True, 'tlvs': []},
        message_id='5f1c2d000001', source_addr_ton=1, source_addr_npi=1, source_addr='61400000001')
    gen('query_sm_resp final (DELIVERED) with final_date', 'query_sm_resp', 60,
        {'fields': dict(message_id='5f1c2d000001', final_date='250301143100004+', message_state=2, error_code=0),
         'fields_exact': True},
        message_id='5f1c2d000001', final_date='250301143100004+', message_state=2, error_code=0)
    gen('query_sm_resp not final (ENROUTE, empty final_date)', 'query_sm_resp', 61,
        {'fields': dict(message_id='5f1c2d000002', final_date='', message_state=1, error_code=0), 'fields_exact': True},
        message_id='5f1c2d000002', final_date='', message_state=1, error_code=0)
    gen('query_sm_resp error ESME_RQUERYFAIL', 'query_sm_resp', 62,
        {'fields': {}, 'fields_exact': True, 'command_status': 0x67}, status=K.SMPP_ESME_RQUERYFAIL,
        deviation='error query_sm_resp carries a full 4-octet body (empty message_id, empty final_date, '
                  'message_state 0, error_code 0)')

    # ---- alert_notification
    gen('alert_notification with ms_availability_status', 'alert_notification', 80,
        {'fields': dict(source_addr_ton=1, source_addr_npi=1, source_addr='61400000002', esme_addr_ton=1,
                        esme_addr_npi=1, esme_addr='61400000001'), 'fields_exact': True,
         'tlvs': [{'tag': 0x0422, 'hex': '00'}]},
        source_addr_ton=1, source_addr_npi=1, source_addr='61400000002', esme_addr_ton=1, esme_addr_npi=1,
        esme_addr='61400000001', ms_availability_status=0)
    gen('alert_notification with a 30-char esme_addr (smpplib truncates to 20)', 'alert_notification', 81,
        {'fields': dict(esme_addr='sip-like-esme-address-12345678')},
        source_addr='61400000002', esme_addr_ton=5, esme_addr='sip-like-esme-address-12345678',
        ms_availability_status=2,
        override='AlertNotification declares source_addr/esme_addr max 21 (SMPP.md 2.3/11: COct(65)); longer '
                 'addresses are silently cut to 20 characters')

    # ---- things smpplib cannot produce
    for cmd in ('outbind', 'submit_multi', 'submit_multi_resp', 'cancel_sm', 'cancel_sm_resp', 'replace_sm',
                'replace_sm_resp', 'broadcast_sm', 'broadcast_sm_resp', 'query_broadcast_sm',
                'query_broadcast_sm_resp', 'cancel_broadcast_sm', 'cancel_broadcast_sm_resp'):
        try:
            smpplib.smpp.make_pdu(cmd, client=SEQ)
            failures.append('expected %s to be unsupported by smpplib' % cmd)
        except smpp_exc.UnknownCommandError:
            pass
    try:
        p = smpplib.smpp.make_pdu('submit_sm', client=SEQ, short_message=b'x', message_payload=b'y', **ADDR)
        p.generate()
        failures.append('expected smpplib to refuse short_message + message_payload')
    except ValueError:
        pass


# ------------------------------------------------------------------ wire capture
def start(cmd):
    proc = subprocess.Popen(cmd, cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = json.loads(proc.stdout.readline())
    if first.get('event') != 'listening':
        raise RuntimeError('%s did not start: %s' % (cmd, first))
    return proc, first['port']


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        out, _ = proc.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return [json.loads(line) for line in out.splitlines() if line.strip()]


sent = []  # (conn, command, kwargs) of every request smpplib sent, for the cross-check


class Pump(object):
    """Reads PDUs with smpplib's own read_once() so smpplib itself writes deliver_sm_resp / enquire_link_resp."""

    def __init__(self, client):
        self.c = client
        self.seen = []
        client.set_message_received_handler(lambda pdu: self.seen.append(('received', pdu.command, pdu.esm_class)))
        client.set_message_sent_handler(lambda pdu: self.seen.append(('submit_sm_resp', pdu.message_id)))
        client.set_query_resp_handler(lambda pdu: self.seen.append('query_sm_resp'))
        client.set_error_pdu_handler(lambda pdu: self.seen.append(('error', pdu.command, pdu.status)))
        orig = client.read_pdu

        def read_pdu():
            pdu = orig()
            self.seen.append(pdu.command)
            return pdu
        client.read_pdu = read_pdu

    def until(self, pred, timeout=5.0, min_time=0.0):
        t0 = time.time()
        while time.time() - t0 < timeout:
            if pred(self.seen) and time.time() - t0 >= min_time:
                return True
            try:
                self.c.read_once(auto_send_enquire_link=False)
            except socket.timeout:
                pass
        raise RuntimeError('timed out waiting; seen %s' % self.seen)


def send(conn, c, command, **kw):
    sent.append((conn, command, dict(kw)))
    pdu = smpplib.smpp.make_pdu(command, client=c, **kw)
    c.send_pdu(pdu)
    return pdu


def wire_capture():
    srv, sport = start(['node', 'node_server.js', '--port', '0', '--account', 'esme01:secret', '--mo-text',
                        'MO via node-smpp', '--enquire-link-ms', '700', '--dlr-delay-ms', '200', '--dlr-date', '2503011430',
                        '--timeout-s', '60',
                        '--no-hex'])
    proxy, pport = start(['node', 'wire_proxy.js', '--target-port', str(sport), '--timeout-s', '60'])
    try:
        mk = lambda: smpplib.client.Client('127.0.0.1', pport, timeout=0.3, allow_unknown_opt_params=True)
        # -- connection 1: transceiver
        c = mk()
        c.connect()
        sent.append((1, 'bind_transceiver', dict(system_id='esme01', password='secret')))
        c.bind_transceiver(system_id='esme01', password='secret')
        p = Pump(c)
        submits = [('Hello from smpplib', K.SMPP_ENCODING_DEFAULT), ('Привет из smpplib', K.SMPP_ENCODING_DEFAULT)]
        n_parts = 0
        for text, enc0 in submits:
            parts, enc, esm = smpplib.gsm.make_parts(text, encoding=enc0)
            for part in parts:
                send(1, c, 'submit_sm', short_message=part, data_coding=enc, esm_class=esm, registered_delivery=1, **ADDR)
                n_parts += 1
        p.until(lambda s: sum(1 for x in s if isinstance(x, tuple) and x[0] == 'submit_sm_resp') >= n_parts)
        first_id = [x[1] for x in p.seen if isinstance(x, tuple) and x[0] == 'submit_sm_resp'][0]
        # receipts + one MO (deliver_sm x3), and one server enquire_link answered by smpplib
        p.until(lambda s: sum(1 for x in s if isinstance(x, tuple) and x[0] == 'received') >= n_parts + 1
                and 'enquire_link' in s, timeout=5)
        send(1, c, 'enquire_link')
        p.until(lambda s: 'enquire_link_resp' in s)
        send(1, c, 'query_sm', message_id=first_id.decode() if isinstance(first_id, bytes) else first_id,
             source_addr_ton=1, source_addr_npi=1, source_addr='61400000001')
        p.until(lambda s: 'query_sm_resp' in s)
        send(1, c, 'data_sm', data_coding=0, registered_delivery=0, message_payload=b'data_sm from smpplib', **ADDR)
        p.until(lambda s: 'data_sm_resp' in s)
        send(1, c, 'unbind')
        p.until(lambda s: 'unbind_resp' in s)
        c.disconnect()

        # -- connection 2: transmitter, message_payload and TLVs
        c = mk()
        c.connect()
        sent.append((2, 'bind_transmitter', dict(system_id='esme01', password='secret')))
        c.bind_transmitter(system_id='esme01', password='secret', system_type='TEST')
        p = Pump(c)
        send(2, c, 'submit_sm', data_coding=0, message_payload=b'Long text in message_payload from smpplib ' * 8, **ADDR)
        send(2, c, 'submit_sm', data_coding=0, short_message=b'with TLVs', source_port=1000, destination_port=2000,
             user_message_reference=7, **ADDR)
        p.until(lambda s: sum(1 for x in s if isinstance(x, tuple) and x[0] == 'submit_sm_resp') >= 2)
        send(2, c, 'unbind')
        p.until(lambda s: 'unbind_resp' in s)
        c.disconnect()

        # -- connection 3: receiver, wrong password first
        c = mk()
        c.connect()
        sent.append((3, 'bind_receiver', dict(system_id='esme01', password='wrong')))
        try:
            c.bind_receiver(system_id='esme01', password='wrong')
            failures.append('bind with a wrong password unexpectedly succeeded')
        except smpp_exc.PDUError as e:
            if e.args[1] != K.SMPP_ESME_RINVPASWD:
                failures.append('wrong password gave status %r' % (e.args,))
        sent.append((3, 'bind_receiver', dict(system_id='esme01', password='secret')))
        c.bind_receiver(system_id='esme01', password='secret')
        p = Pump(c)
        p.until(lambda s: 'deliver_sm' in s)
        send(3, c, 'unbind')
        p.until(lambda s: 'unbind_resp' in s)
        c.disconnect()
        time.sleep(0.2)
    finally:
        records = [r for r in stop(proxy) if r.get('event') == 'pdu']
        stop(srv)

    labels = {1: 'trx session', 2: 'tx session', 3: 'rx session'}
    counters = {}
    for r in records:
        buf = bytes.fromhex(r['hex'])
        p = parse_pdu(buf)
        key = (r['conn'], r['dir'], p['command'])
        counters[key] = counters.get(key, 0) + 1
        desc = []
        if p['command'] == 'deliver_sm':
            desc.append('delivery receipt' if (p['fields'].get('esm_class', 0) & 0x3C) == 4 else 'MO')
        if p['fields'].get('data_coding') == 8:
            desc.append('UCS2')
        if any(t['tag'] == 0x0424 for t in p['tlvs']):
            desc.append('message_payload')
        if p['command_status']:
            desc.append('error status 0x%x' % p['command_status'])
        name = 'wire %s: %s #%d%s' % (labels[r['conn']], p['command'], counters[key],
                                      ' (%s)' % ', '.join(desc) if desc else '')
        expect = None
        if r['dir'] == 'c2s':
            source = '%s wire (client->server, peer %s node_server.js)' % (LIB, NODE_LIB)
            mine = [kw for (conn, cmd, kw) in sent if conn == r['conn'] and cmd == p['command']]
            if counters[key] <= len(mine):
                names = set(x[0] for x in LAYOUTS[p['command']])
                kw = mine[counters[key] - 1]
                expect = {'fields': {k: v for k, v in kw.items() if k in names and isinstance(v, (int, str))
                                     and k != 'short_message'}}
        else:
            source = '%s wire (server->client, node_server.js talking to %s client)' % (NODE_LIB, LIB)
        lint = parse_pdu(buf)['lint']
        if lint:
            failures.append('wire vector %s has SPEC findings: %s' % (name, lint))
        add_vector(buf, name, source, expect,
                   notes=['captured by wire_proxy.js on 127.0.0.1; TCP connection %d' % r['conn']])


def main():
    generate_vectors()
    if '--no-wire' not in sys.argv:
        wire_capture()
    return finish(OUT, vectors, failures)


if __name__ == '__main__':
    sys.exit(main())
