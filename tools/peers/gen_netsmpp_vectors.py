#!/usr/bin/env python3
"""Generate smpp-proto/tests/vectors/peers/net_smpp.json from Perl Net::SMPP (Debian libnet-smpp-perl).

1. "encoder" vectors: a Perl program calls Net::SMPP's public PDU methods (async, explicit seq)
   on a Net::SMPP->new_connect() socket whose other end is a plain sink here on 127.0.0.1; the
   bytes are split by command_length. Every PDU type Net::SMPP 3.4 can write.
2. "wire" vectors, recorded by wire_proxy.js on 127.0.0.1:
   a. a Net::SMPP ESME (Perl, below) against node_server.js: Net::SMPP's requests and its
      deliver_sm_resp / enquire_link_resp (node-smpp's side is already in node_smpp.json);
   b. node_client.js against netsmpp_server.pl (the Net::SMPP SMSC): Net::SMPP's bind responses
      (one refused), submit_sm_resp, deliver_sm receipts with receipted_message_id/message_state
      TLVs, MO deliver_sm, enquire_link_resp, unbind_resp.
"fields"/"tlvs" are derived from the bytes by smpp_wire.py (check_vectors.py also runs smpp_wire.js)
and cross-checked against the values passed to Net::SMPP.

netsmpp_server.pl puts its process id in message_ids ("<pid><nnnn>") and the wall clock in receipt
dates: those values are normalised ("77777<nnnn>", 2503011430) by re-packing the parsed PDU with
the same layout (the re-pack of the untouched PDU is checked to be byte-identical first), so the
output is deterministic. Nothing else is rewritten.

Usage: python3 gen_netsmpp_vectors.py [--out PATH] [--no-wire]     hard timeout 90 s
"""
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from smpp_wire import LAYOUTS, parse_pdu, split_stream  # noqa: E402
import vectorlib  # noqa: E402
from vectorlib import finish, procs, h, make_vector  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '../../smpp-proto/tests/vectors/peers/net_smpp.json')
if '--out' in sys.argv:
    OUT = sys.argv[sys.argv.index('--out') + 1]
VERSION = subprocess.run(['perl', '-MNet::SMPP', '-e', 'print $Net::SMPP::VERSION'], capture_output=True, text=True,
                         check=True, timeout=10).stdout.strip()
LIB = 'Net::SMPP %s' % VERSION
NODE_LIB = 'node-smpp %s' % json.load(open(os.path.join(HERE, 'node_modules/smpp/package.json')))['version']
DLR_DATE = '2503011430'
cleanup = vectorlib.stop_all
vectorlib.hard_timeout('gen_netsmpp_vectors', 90)

vectors = []
failures = []


def add_vector(buf, name, source, expect=None, deviation=None, override=None, notes=()):
    """deviation: declared SMPP.md deviation; override: Net::SMPP wrote something other than asked,
    bytes still spec-valid (same meaning as in gen_smpplib_vectors.py)."""
    vectors.append(make_vector(buf, name, source, failures, expect, deviation, override, notes))


# ------------------------------------------------------------------ 1. encoder output
PERL_HEAD = r'''
use strict; use warnings; use Net::SMPP; use Encode qw(encode);
$SIG{ALRM} = sub { die "timeout\n" }; alarm 20;
$SIG{__WARN__} = sub { print STDERR "WARN: $_[0]" };
my $s = Net::SMPP->new_connect('127.0.0.1', port => $ARGV[0], async => 1, smpp_version => 0x34)
    or die "connect: $!\n";
'''
ADDR = "source_addr_ton => 1, source_addr_npi => 1, source_addr => '61400000001', " \
       "dest_addr_ton => 1, dest_addr_npi => 1, destination_addr => '61400000002'"
ADDR_F = dict(source_addr_ton=1, source_addr_npi=1, source_addr='61400000001', dest_addr_ton=1, dest_addr_npi=1,
              destination_addr='61400000002')
RECEIPT = 'id:0123456789 sub:001 dlvrd:001 submit date:2503011430 done date:2503011431 stat:DELIVRD err:000 text:Hello'
LONG = 'x' * 300
GEN = []  # (name, perl call, expect, kwargs for add_vector)


def gen(name, call, expect=None, **kw):
    GEN.append((name, call, expect, kw))


def encoder_cases():
    bind = dict(system_id='esme01', password='secret', system_type='VMS', interface_version=0x34, addr_ton=1,
                addr_npi=1, address_range='')
    gen('bind_transmitter v3.4 with system_type', "bind_transmitter(seq => 1, system_id => 'esme01', password => "
        "'secret', system_type => 'VMS', addr_ton => 1, addr_npi => 1)", {'fields': bind, 'fields_exact': True})
    gen('bind_receiver with library defaults', "bind_receiver(seq => 2, system_id => 'esme01', password => 'secret')",
        {'fields': dict(system_id='esme01', password='secret', system_type='', interface_version=0x34, addr_ton=0,
                        addr_npi=0, address_range='')})
    gen('bind_transceiver with address_range', "bind_transceiver(seq => 3, system_id => 'esme01', password => "
        "'secret', addr_ton => 1, addr_npi => 1, address_range => '^614')", {'fields': dict(address_range='^614')})
    gen('bind_transmitter asking for interface_version 0x50', "bind_transmitter(seq => 4, system_id => 'esme01', "
        "password => 'secret', interface_version => 0x50)", {'fields': dict(interface_version=0x50)})
    gen('bind_transmitter with over-long system_id and password (written as given)',
        "bind_transmitter(seq => 5, system_id => 'a-very-long-system-id', password => 'password123')",
        {'fields': dict(system_id='a-very-long-system-id', password='password123')},
        deviation='Net::SMPP packs C-octet strings with Z* and never checks the SMPP maximum: a 21-character '
                  'system_id (max 15) and an 11-character password (max 8) go on the wire as given')
    gen('bind_transmitter_resp success', "bind_transmitter_resp(seq => 1, system_id => 'PERLSMSC')",
        {'fields': {'system_id': 'PERLSMSC'}, 'tlvs': []})
    gen('bind_receiver_resp success with sc_interface_version TLV (packed by the caller)',
        "bind_receiver_resp(seq => 2, system_id => 'PERLSMSC', sc_interface_version => pack('C', 0x34))",
        {'tlvs': [{'tag': 0x0210, 'hex': '34'}]})
    gen('bind_transceiver_resp success', "bind_transceiver_resp(seq => 3, system_id => 'PERLSMSC')",
        {'fields': {'system_id': 'PERLSMSC'}})
    gen('bind_transmitter_resp error ESME_RINVPASWD', "bind_transmitter_resp(seq => 1, status => 0x0E)",
        {'fields': {}, 'fields_exact': True, 'command_status': 0x0E},
        deviation='Net::SMPP always writes the mandatory body, even on an error response: a lone NUL (its '
                  'default empty system_id) follows the header. SMPP 3.4: body not returned on error.')
    gen('bind_transceiver_resp error ESME_RINVSYSID with system_id set',
        "bind_transceiver_resp(seq => 3, status => 0x0F, system_id => 'PERLSMSC')",
        {'fields': {}, 'fields_exact': True, 'command_status': 0x0F},
        deviation='error response still carries system_id "PERLSMSC" (the body is never suppressed)')
    gen('outbind', "outbind(seq => 6, system_id => 'PERLSMSC', password => 'secret')",
        {'fields': dict(system_id='PERLSMSC', password='secret'), 'command_status': 0})

    # header-only
    gen('unbind', 'unbind(seq => 9)', {'fields': {}, 'fields_exact': True})
    gen('unbind_resp', 'unbind_resp(seq => 9)', {'fields': {}, 'fields_exact': True})
    gen('enquire_link', 'enquire_link(seq => 10)', {'fields': {}, 'fields_exact': True})
    gen('enquire_link at max sequence_number 0x7FFFFFFF', 'enquire_link(seq => 0x7FFFFFFF)',
        {'sequence_number': 0x7FFFFFFF})
    gen('enquire_link_resp', 'enquire_link_resp(seq => 10)', {'fields': {}, 'fields_exact': True})
    gen('generic_nack ESME_RINVCMDID', 'generic_nack(seq => 11, status => 0x03)',
        {'fields': {}, 'fields_exact': True, 'command_status': 3})
    gen('generic_nack ESME_RINVCMDLEN', 'generic_nack(seq => 12, status => 0x02)', {'command_status': 2})

    # submit_sm
    gen('submit_sm plain text, registered_delivery 1',
        "submit_sm(seq => 20, %s, registered_delivery => 1, short_message => 'Hello world')" % ADDR,
        {'fields': dict(service_type='', esm_class=0, protocol_id=0, priority_flag=0, schedule_delivery_time='',
                        validity_period='', registered_delivery=1, replace_if_present_flag=0, data_coding=0,
                        sm_default_msg_id=0, sm_length=11, short_message_hex=h('Hello world'), **ADDR_F),
         'tlvs': [], 'fields_exact': True})
    gen('submit_sm with only destination_addr (all other fields library defaults)',
        "submit_sm(seq => 21, destination_addr => '61400000002', short_message => 'x')",
        {'fields': dict(service_type='', source_addr_ton=0, source_addr_npi=0, source_addr='', dest_addr_ton=0,
                        dest_addr_npi=0, destination_addr='61400000002', data_coding=0, sm_length=1)})
    gen('submit_sm UCS2 (data_coding 8, text encoded by the caller)',
        "submit_sm(seq => 22, %s, data_coding => 8, short_message => encode('UTF-16BE', \"\\x{41f}\\x{440}\\x{438}"
        "\\x{432}\\x{435}\\x{442} \\x{1F44B}\"))" % ADDR,
        {'fields': dict(data_coding=8, sm_length=18, short_message_hex=h('Привет 👋', 'utf-16-be'))})
    gen('submit_sm with service_type, priority, schedule and validity times',
        "submit_sm(seq => 23, %s, service_type => 'CMT', esm_class => 3, protocol_id => 0x7F, priority_flag => 1, "
        "schedule_delivery_time => '250301143000000+', validity_period => '000001000000000R', "
        "replace_if_present_flag => 1, sm_default_msg_id => 0, short_message => 'times')" % ADDR,
        {'fields': dict(service_type='CMT', esm_class=3, protocol_id=0x7F, priority_flag=1,
                        schedule_delivery_time='250301143000000+', validity_period='000001000000000R',
                        replace_if_present_flag=1)})
    udh = '050003a70201'
    gen('submit_sm concatenated part with UDH, esm_class 0x40',
        "submit_sm(seq => 24, %s, esm_class => 0x40, short_message => pack('H*', '%s') . 'part one')" % (ADDR, udh),
        {'fields': dict(esm_class=0x40, sm_length=14, short_message_hex=udh + h('part one'))})
    payload = 'A message_payload travels in TLV 0x0424 and sm_length is 0. ' * 5
    gen('submit_sm with message_payload TLV and sm_length 0',
        "submit_sm(seq => 25, %s, registered_delivery => 1, message_payload => '%s')" % (ADDR, payload),
        {'fields': dict(sm_length=0, short_message_hex=''), 'tlvs': [{'tag': 0x0424, 'hex': h(payload)}]})
    gen('submit_sm with several TLVs packed by the caller (wire order = argument order)',
        "submit_sm(seq => 26, %s, short_message => 'TLV test', user_message_reference => pack('n', 0x1234), "
        "source_port => pack('n', 5000), destination_port => pack('n', 2948), sar_msg_ref_num => pack('n', 0xBEEF), "
        "sar_total_segments => pack('C', 2), sar_segment_seqnum => pack('C', 1), more_messages_to_send => "
        "pack('C', 1), payload_type => pack('C', 0), privacy_indicator => pack('C', 1), callback_num => "
        "pack('CCCa*', 1, 1, 1, '61400000009'), language_indicator => pack('C', 1), ussd_service_op => pack('C', 2))"
        % ADDR,
        {'tlvs': [{'tag': 0x0204, 'hex': '1234'}, {'tag': 0x020A, 'hex': '1388'}, {'tag': 0x020B, 'hex': '0b84'},
                  {'tag': 0x020C, 'hex': 'beef'}, {'tag': 0x020E, 'hex': '02'}, {'tag': 0x020F, 'hex': '01'},
                  {'tag': 0x0426, 'hex': '01'}, {'tag': 0x0019, 'hex': '00'}, {'tag': 0x0201, 'hex': '01'},
                  {'tag': 0x0381, 'hex': '010101' + h('61400000009')}, {'tag': 0x020D, 'hex': '01'},
                  {'tag': 0x0501, 'hex': '02'}]},
        notes=['named TLVs are written as the raw string given (length = string length), in argument order; '
               'integers must be packed by the caller'])
    gen('submit_sm with alert_on_message_delivery (zero-length TLV)',
        "submit_sm(seq => 27, %s, short_message => 'x', alert_on_message_delivery => '')" % ADDR,
        {'tlvs': [{'tag': 0x130C, 'hex': ''}]})
    gen('submit_sm with a vendor TLV by numeric tag (0x1400 => 5, written as 1 signed octet)',
        "submit_sm(seq => 28, %s, short_message => 'x', 0x1400 => 5)" % ADDR,
        {'tlvs': [{'tag': 0x1400, 'hex': '05'}]},
        notes=['a numeric tag with an integer value is packed as 1, 2 or 4 signed octets by magnitude '
               '(pack c / n! / N!)'])
    gen('submit_sm with user_message_reference given as a plain integer by name',
        "submit_sm(seq => 29, %s, short_message => 'x', user_message_reference => 7)" % ADDR,
        {'tlvs': [{'tag': 0x0204, 'hex': '0007'}]},
        deviation='a named TLV value is written as its Perl string: user_message_reference => 7 becomes the '
                  'single octet "7" (0x37), TLV length 1; SMPP.md 5 says Int2')
    gen('submit_sm with user_message_reference by numeric tag 0x0204 => 7 (1 octet)',
        "submit_sm(seq => 30, %s, short_message => 'x', 0x0204 => 7)" % ADDR,
        {'tlvs': [{'tag': 0x0204, 'hex': '0007'}]},
        deviation='by numeric tag the integer is sized by value, not by the TLV definition: 7 is written as '
                  'one octet (length 1) where user_message_reference is Int2')
    gen('submit_sm with user_message_reference by numeric tag 0x0204 => 300 (2 octets)',
        "submit_sm(seq => 31, %s, short_message => 'x', 0x0204 => 300)" % ADDR,
        {'tlvs': [{'tag': 0x0204, 'hex': '012c'}]})
    gen('submit_sm with a 300-octet short_message (sm_length wraps to 44)',
        "submit_sm(seq => 32, %s, short_message => '%s')" % (ADDR, LONG),
        {'fields': dict(sm_length=300)},
        deviation='sm_length is packed with pack("C", length): a 300-octet short_message gets sm_length 44 '
                  '(300 mod 256) followed by all 300 octets; SMPP.md: short_message max 254 octets, use '
                  'message_payload. The bytes after the first 44 octets are read as a TLV stream.')
    gen('deliver_sm delivery receipt with receipted_message_id, message_state, network_error_code',
        "deliver_sm(seq => 40, source_addr_ton => 1, source_addr_npi => 1, source_addr => '61400000002', "
        "dest_addr_ton => 1, dest_addr_npi => 1, destination_addr => '61400000001', esm_class => 0x04, "
        "short_message => '%s', receipted_message_id => \"0123456789\\0\", message_state => pack('C', 2), "
        "network_error_code => pack('Cn', 3, 1))" % RECEIPT,
        {'fields': dict(esm_class=4, short_message_hex=h(RECEIPT)),
         'tlvs': [{'tag': 0x001E, 'hex': h('0123456789\0')}, {'tag': 0x0427, 'hex': '02'},
                  {'tag': 0x0423, 'hex': '030001'}]})
    gen('deliver_sm MO', "deliver_sm(seq => 41, source_addr_ton => 1, source_addr_npi => 1, source_addr => "
        "'61400000009', destination_addr => 'SENDER', short_message => 'hello from perl')",
        {'fields': dict(esm_class=0, destination_addr='SENDER', short_message_hex=h('hello from perl'))})
    gen('submit_sm_resp', "submit_sm_resp(seq => 20, message_id => '5f1c2d000001')",
        {'fields': {'message_id': '5f1c2d000001'}})
    gen('submit_sm_resp error ESME_RINVDSTADR (message_id is required, empty given)',
        "submit_sm_resp(seq => 21, status => 0x0B, message_id => '')",
        {'fields': {}, 'fields_exact': True, 'command_status': 0x0B},
        deviation='submit_sm_resp croaks without a message_id, so an error response carries an empty '
                  'message_id (a lone NUL body). SMPP 3.4: body not returned on error.')
    gen('deliver_sm_resp', "deliver_sm_resp(seq => 40, message_id => '')", {'fields': {'message_id': ''}})
    gen('query_sm', "query_sm(seq => 50, message_id => '5f1c2d000001', source_addr_ton => 1, source_addr_npi => 1, "
        "source_addr => '61400000001')", {'fields': dict(message_id='5f1c2d000001', source_addr='61400000001')})
    gen('query_sm_resp DELIVERED with final_date', "query_sm_resp(seq => 50, message_id => '5f1c2d000001', "
        "final_date => '250301143100000+', message_state => 2, error_code => 0)",
        {'fields': dict(message_id='5f1c2d000001', final_date='250301143100000+', message_state=2, error_code=0)})
    gen('query_sm_resp ENROUTE without final_date', "query_sm_resp(seq => 51, message_id => '5f1c2d000002', "
        "message_state => 1)", {'fields': dict(final_date='', message_state=1, error_code=0)})
    gen('query_sm_resp error ESME_RQUERYFAIL', "query_sm_resp(seq => 52, status => 0x67, message_id => '', "
        "message_state => 0)", {'fields': {}, 'fields_exact': True, 'command_status': 0x67},
        deviation='query_sm_resp croaks without message_state, so an error response carries a full body '
                  '(empty message_id, empty final_date, message_state 0, error_code 0)')
    gen('cancel_sm', "cancel_sm(seq => 60, message_id => '5f1c2d000001', %s)" % ADDR,
        {'fields': dict(service_type='', message_id='5f1c2d000001', **ADDR_F), 'fields_exact': True})
    gen('cancel_sm all messages to a destination (empty message_id, service_type)',
        "cancel_sm(seq => 61, service_type => 'CMT', message_id => '', %s)" % ADDR,
        {'fields': dict(service_type='CMT', message_id='')})
    gen('cancel_sm_resp', 'cancel_sm_resp(seq => 60)', {'fields': {}, 'fields_exact': True})
    gen('cancel_sm_resp error ESME_RCANCELFAIL', 'cancel_sm_resp(seq => 61, status => 0x11)', {'command_status': 0x11})
    gen('replace_sm', "replace_sm(seq => 70, message_id => '5f1c2d000001', source_addr_ton => 1, source_addr_npi => 1, "
        "source_addr => '61400000001', validity_period => '000002000000000R', registered_delivery => 1, "
        "short_message => 'replaced text')",
        {'fields': dict(message_id='5f1c2d000001', schedule_delivery_time='', validity_period='000002000000000R',
                        registered_delivery=1, sm_default_msg_id=0, sm_length=13,
                        short_message_hex=h('replaced text'))})
    gen('replace_sm_resp', 'replace_sm_resp(seq => 70)', {'fields': {}, 'fields_exact': True})
    gen('replace_sm_resp error ESME_RREPLACEFAIL', 'replace_sm_resp(seq => 71, status => 0x13)',
        {'command_status': 0x13})
    gen('submit_multi to two SMEs and a distribution list',
        "submit_multi(seq => 80, source_addr_ton => 1, source_addr_npi => 1, source_addr => '61400000001', "
        "dest_flag => [1, 1, 2], dest_addr_ton => [1, 2], dest_addr_npi => [1, 1], destination_addr => "
        "['61400000002', '0400000003', 'friends'], registered_delivery => 1, short_message => 'to many')",
        {'fields': dict(number_of_dests=3, dest_addresses=[
            dict(dest_flag=1, dest_addr_ton=1, dest_addr_npi=1, destination_addr='61400000002'),
            dict(dest_flag=1, dest_addr_ton=2, dest_addr_npi=1, destination_addr='0400000003'),
            dict(dest_flag=2, dl_name='friends')], short_message_hex=h('to many'))})
    gen('submit_multi_resp with one unsuccessful destination',
        "submit_multi_resp(seq => 80, message_id => '5f1c2d000010', dest_addr_ton => [2], dest_addr_npi => [1], "
        "destination_addr => ['0400000003'], error_status_code => [0x0B])",
        {'fields': dict(message_id='5f1c2d000010', no_unsuccess=1, unsuccess_smes=[
            dict(dest_addr_ton=2, dest_addr_npi=1, destination_addr='0400000003', error_status_code=0x0B)])})
    gen('submit_multi_resp all delivered (no_unsuccess 0)',
        "submit_multi_resp(seq => 81, message_id => '5f1c2d000011', error_status_code => [0])",
        {'fields': dict(message_id='5f1c2d000011', no_unsuccess=0, unsuccess_smes=[])},
        notes=['submit_multi_resp croaks unless error_status_code is given, even with no unsuccessful '
               'destinations: the call passes error_status_code => [0] and no destination_addr'])
    gen('data_sm with message_payload', "data_sm(seq => 90, %s, registered_delivery => 1, message_payload => "
        "'data_sm from Net::SMPP')" % ADDR,
        {'fields': dict(service_type='', esm_class=0, registered_delivery=1, data_coding=0, **ADDR_F),
         'tlvs': [{'tag': 0x0424, 'hex': h('data_sm from Net::SMPP')}], 'fields_exact': True})
    gen('data_sm_resp', "data_sm_resp(seq => 90, message_id => '5f1c2d000020')",
        {'fields': {'message_id': '5f1c2d000020'}})
    gen('alert_notification with ms_availability_status',
        "alert_notification(seq => 95, source_addr_ton => 1, source_addr_npi => 1, source_addr => '61400000002', "
        "esme_addr_ton => 1, esme_addr_npi => 1, esme_addr => '61400000001', ms_availability_status => pack('C', 0))",
        {'fields': dict(source_addr='61400000002', esme_addr_ton=1, esme_addr_npi=1, esme_addr='61400000001'),
         'tlvs': [{'tag': 0x0422, 'hex': '00'}]})


def run_encoder():
    encoder_cases()
    prog = PERL_HEAD + ''.join('$s->%s;\n' % call for _, call, _, _ in GEN) + 'close $s;\n'
    srv = socket.socket()
    srv.bind(('127.0.0.1', 0))
    srv.listen(1)
    srv.settimeout(20)
    perl = subprocess.Popen(['perl', '-', str(srv.getsockname()[1])], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    procs.append(perl)
    got = {}

    def talk():
        got['out'], got['err'] = perl.communicate(prog, timeout=30)
    t = threading.Thread(target=talk)
    t.start()
    conn, _ = srv.accept()
    conn.settimeout(20)
    data = b''
    while True:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    conn.close()
    srv.close()
    t.join(30)
    if perl.returncode != 0:
        raise RuntimeError('perl encoder failed: %s' % got.get('err'))
    warnings = [w for w in got.get('err', '').splitlines() if w.strip()]
    pdus, rest = split_stream(data)
    if rest:
        raise RuntimeError('%d trailing octets from perl' % len(rest))
    if len(pdus) != len(GEN):
        raise RuntimeError('expected %d PDUs from perl, got %d (%s)' % (len(GEN), len(pdus), warnings))
    for (name, call, expect, kw), buf in zip(GEN, pdus):
        notes = list(kw.pop('notes', ()))
        notes.append('Net::SMPP call: $smpp->%s' % (call if len(call) < 400 else call[:400] + '...'))
        add_vector(bytes(buf), name, '%s encoder (public API, async)' % LIB, expect, notes=notes, **kw)
    return warnings


# ------------------------------------------------------------------ 2. wire captures
class JsonLines(object):
    def __init__(self, cmd):
        self.proc = subprocess.Popen(cmd, cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        procs.append(self.proc)
        first = json.loads(self.proc.stdout.readline())
        if first.get('event') != 'listening':
            raise RuntimeError('%s did not start: %s' % (cmd, first))
        self.port = first['port']
        self.lines = []
        self.t = threading.Thread(target=lambda: [self.lines.append(json.loads(x)) for x in self.proc.stdout
                                                  if x.strip()], daemon=True)
        self.t.start()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.t.join(2)
        return self.lines


ESME = r'''
use strict; use warnings; use Net::SMPP;
$SIG{ALRM} = sub { die "timeout\n" }; alarm 20;
my $port = $ARGV[0];
my %seen;
sub conn { Net::SMPP->new_connect('127.0.0.1', port => $port, async => 1, smpp_version => 0x34) or die "connect: $!\n" }
# send a request (async) and read until its response, answering what the SMSC sends meanwhile
sub call {
    my ($s, $method, @args) = @_;
    my $seq = $s->$method(@args);
    return pump($s, sub { $_[0]->{seq} == $seq && ($_[0]->{cmd} & 0x80000000) });
}
sub pump {
    my ($s, $done) = @_;
    while (defined(my $pdu = $s->read_pdu())) {
        if ($pdu->{cmd} == 0x05) { $s->deliver_sm_resp(seq => $pdu->{seq}, message_id => ''); $seen{deliver}++ }
        elsif ($pdu->{cmd} == 0x15) { $s->enquire_link_resp(seq => $pdu->{seq}) }
        return $pdu if $done->($pdu);
    }
    die "connection closed\n";
}
my @addr = (source_addr_ton => 1, source_addr_npi => 1, source_addr => '61400000001',
            dest_addr_ton => 1, dest_addr_npi => 1, destination_addr => '61400000002');
# 1: transceiver
my $s = conn();
my $r = call($s, 'bind_transceiver', system_id => 'esme01', password => 'secret');
die "bind status $r->{status}\n" if $r->{status};
pump($s, sub { $seen{deliver} >= 1 });                                 # the MO
$r = call($s, 'submit_sm', @addr, registered_delivery => 1, short_message => 'Hello from Net::SMPP',
          user_message_reference => pack('n', 1));
my $id = $r->{message_id};
pump($s, sub { $seen{deliver} >= 2 });                                 # its receipt
call($s, 'submit_sm', @addr, message_payload => 'payload from Net::SMPP ' x 10);
call($s, 'query_sm', message_id => $id, source_addr_ton => 1, source_addr_npi => 1, source_addr => '61400000001');
call($s, 'replace_sm', message_id => $id, source_addr_ton => 1, source_addr_npi => 1, source_addr => '61400000001',
     short_message => 'replaced');
call($s, 'cancel_sm', message_id => $id, @addr);
call($s, 'submit_multi', source_addr_ton => 1, source_addr_npi => 1, source_addr => '61400000001',
     dest_addr_ton => [1, 1], dest_addr_npi => [1, 1], destination_addr => ['61400000002', '61400000003'],
     short_message => 'to two');
call($s, 'data_sm', @addr, message_payload => 'data_sm from Net::SMPP');
call($s, 'enquire_link');
call($s, 'unbind');
close $s;
# 2: transmitter
$s = conn();
call($s, 'bind_transmitter', system_id => 'esme01', password => 'secret', system_type => 'VMS');
call($s, 'submit_sm', @addr, data_coding => 3, short_message => "caf\xe9");
call($s, 'unbind');
close $s;
# 3: receiver, wrong password first (node-smpp keeps the session open)
$s = conn();
$r = call($s, 'bind_receiver', system_id => 'esme01', password => 'wrong');
die "wrong password accepted\n" unless $r->{status} == 0x0E;
%seen = ();
call($s, 'bind_receiver', system_id => 'esme01', password => 'secret');
pump($s, sub { $seen{deliver} >= 1 });
call($s, 'unbind');
close $s;
print "ok\n";
'''


def esme_vs_node():
    srv = JsonLines(['node', 'node_server.js', '--port', '0', '--account', 'esme01:secret', '--mo-text',
                     'MO via node-smpp', '--dlr-delay-ms', '100', '--dlr-date', DLR_DATE, '--timeout-s', '40',
                     '--no-hex'])
    proxy = JsonLines(['node', 'wire_proxy.js', '--target-port', str(srv.port), '--timeout-s', '40'])
    try:
        r = subprocess.run(['perl', '-', str(proxy.port)], input=ESME, capture_output=True, text=True, timeout=30)
        if r.returncode != 0 or r.stdout.strip() != 'ok':
            raise RuntimeError('Net::SMPP ESME failed: %s %s' % (r.stdout, r.stderr))
        time.sleep(0.3)
    finally:
        records = [x for x in proxy.stop() if x.get('event') == 'pdu']
        srv.stop()
    labels = {1: 'trx session', 2: 'tx session', 3: 'rx session'}
    counters = {}
    for rec in records:
        if rec['dir'] != 'c2s':
            continue  # node-smpp's side: already in node_smpp.json / smpplib.json
        buf = bytes.fromhex(rec['hex'])
        p = parse_pdu(buf)
        key = (rec['conn'], p['command'])
        counters[key] = counters.get(key, 0) + 1
        desc = ' (message_payload)' if any(t['tag'] == 0x0424 for t in p['tlvs']) else ''
        if p['command'].startswith('bind_') and p['fields'].get('password') == 'wrong':
            desc = ' (wrong password)'
        add_vector(buf, 'wire %s: %s #%d%s' % (labels[rec['conn']], p['command'], counters[key], desc),
                   '%s wire (client->server, peer %s node_server.js)' % (LIB, NODE_LIB), None,
                   notes=['captured by wire_proxy.js on 127.0.0.1; TCP connection %d' % rec['conn']])


def repack(p):
    """Re-encode a parsed PDU with smpp_wire's layout (c-strings, u8, times, short_message, TLVs)."""
    body = b''
    for spec in LAYOUTS[p['command']]:
        name, kind = spec[0], spec[1]
        if kind == 'u8':
            body += bytes([p['fields'][name]])
        elif kind in ('c', 't'):
            body += p['fields'][name].encode('latin-1') + b'\0'
        elif kind == 'sm':
            sm = bytes.fromhex(p['fields']['short_message_hex'])
            body += bytes([len(sm)]) + sm
        else:
            raise ValueError('repack: %s not supported' % kind)
    for t in p['tlvs']:
        v = bytes.fromhex(t['hex'])
        body += struct.pack('>HH', t['tag'], len(v)) + v
    return struct.pack('>LLLL', 16 + len(body), p['command_id'], p['command_status'], p['sequence_number']) + body


def normalise(buf, ids):
    """Replace netsmpp_server.pl's pid-based message ids and wall-clock receipt dates."""
    p = parse_pdu(buf)
    if repack(p) != buf:
        raise RuntimeError('repack is not byte-identical for %s' % buf.hex())

    def fix(s):
        for old, new in ids.items():
            s = s.replace(old, new)
        return re.sub(r'(submit date:|done date:)\d{10}', lambda m: m.group(1) + DLR_DATE, s)
    changed = False
    for k, v in list(p['fields'].items()):
        if isinstance(v, str) and k != 'short_message_hex':
            p['fields'][k] = fix(v)
    if 'short_message_hex' in p['fields']:
        p['fields']['short_message_hex'] = fix(bytes.fromhex(p['fields']['short_message_hex']).decode('latin-1')) \
            .encode('latin-1').hex()
    for t in p['tlvs']:
        t['hex'] = fix(bytes.fromhex(t['hex']).decode('latin-1')).encode('latin-1').hex()
    out = repack(p)
    changed = out != buf
    return out, changed


def node_vs_netsmpp_server():
    srv = JsonLines(['perl', 'netsmpp_server.pl', '--port', '0', '--account', 'esme01:secret', '--timeout-s', '40',
                     '--mo-text', 'hello from perl'])
    proxy = JsonLines(['node', 'wire_proxy.js', '--target-port', str(srv.port), '--timeout-s', '40'])
    base = ['node', 'node_client.js', '--port', str(proxy.port), '--system-id', 'esme01', '--timeout-s', '15',
            '--no-hex']
    runs = [(['--password', 'secret', '--bind', 'trx', '--count', '1'], 0),
            (['--password', 'secret', '--bind', 'tx', '--count', '1', '--text', 'Привет'], 0),
            (['--password', 'secret', '--bind', 'rx', '--expect-mo', '1'], 0),
            (['--password', 'wrong', '--bind', 'trx'], 2)]
    try:
        for args, want in runs:
            r = subprocess.run(base + args, cwd=HERE, capture_output=True, text=True, timeout=20)
            if r.returncode != want:
                raise RuntimeError('node_client %s exited %d: %s' % (args, r.returncode, r.stdout[-2000:]))
            time.sleep(0.2)  # one connection at a time: connection numbers follow the runs
    finally:
        records = [x for x in proxy.stop() if x.get('event') == 'pdu']
        events = srv.stop()
    ids, n = {}, 0
    for e in events:
        if e.get('event') == 'submit_sm':
            n += 1
            ids[e['id']] = '77777%04d' % int(e['id'][-4:])
    labels = {1: 'trx session', 2: 'tx session', 3: 'rx session', 4: 'trx session, wrong password'}
    counters = {}
    for rec in records:
        if rec['dir'] != 's2c':
            continue  # node-smpp's client side: already in node_smpp.json
        buf, changed = normalise(bytes.fromhex(rec['hex']), ids)
        p = parse_pdu(buf)
        key = (rec['conn'], p['command'])
        counters[key] = counters.get(key, 0) + 1
        desc = []
        if p['command'] == 'deliver_sm':
            desc.append('delivery receipt' if p['fields']['esm_class'] & 0x04 else 'MO')
        if p['command_status']:
            desc.append('error status 0x%x' % p['command_status'])
        name = 'wire netsmpp_server.pl %s: %s #%d%s' % (labels[rec['conn']], p['command'], counters[key],
                                                        ' (%s)' % ', '.join(desc) if desc else '')
        notes = ['captured by wire_proxy.js on 127.0.0.1; TCP connection %d; client node_client.js (%s)'
                 % (rec['conn'], NODE_LIB)]
        if changed:
            notes.append('normalised: netsmpp_server.pl\'s pid-based message_id -> 77777nnnn and the wall-clock '
                         'receipt dates -> %s (re-packed, same layout)' % DLR_DATE)
        kw = {}
        if p['command_status'] and p['command'].endswith('_resp') and len(buf) > 16:
            kw['expect'] = {'fields': {}, 'fields_exact': True}
            kw['deviation'] = ('error response with a body: netsmpp_server.pl calls %s(system_id => ..., '
                               'status => 0x%x) and Net::SMPP writes the body anyway' % (p['command'], p['command_status']))
        add_vector(buf, name, '%s wire (server->client, netsmpp_server.pl talking to %s node_client.js)'
                   % (LIB, NODE_LIB), notes=notes, **kw)


def main():
    try:
        warnings = run_encoder()
        if '--no-wire' not in sys.argv:
            esme_vs_node()
            node_vs_netsmpp_server()
    finally:
        cleanup()
    return finish(OUT, vectors, failures)


if __name__ == '__main__':
    sys.exit(main())
