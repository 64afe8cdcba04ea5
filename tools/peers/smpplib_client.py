#!/usr/bin/env python3
"""python-smpplib ESME peer for interop tests (same arguments and behaviour as node_client.js).

/work/scratch/venv-peers/bin/python smpplib_client.py --port P --system-id ID --password PW --bind tx|rx|trx
        [--count N] [--from A] [--to B] [--text T] [--data-coding N] [--expect-mo N]
        [--expect-receipts N] [--no-wait-receipts] [--system-type S] [--timeout-s 30] [--no-hex]

 1. binds (bind_transmitter / bind_receiver / bind_transceiver) to 127.0.0.1:P
 2. tx/trx: submits --count messages (default 1; rx: 0) with registered_delivery 1. The text is encoded
    with smpplib.gsm.make_parts(): GSM 03.38 (data_coding 0) if possible, else UCS2 (8); long texts are
    split into UDH-concatenated parts (each part is one submit_sm and gets its own message_id).
    --data-coding 3 or 8 forces Latin-1 / UCS2.
 3. trx: waits for a delivery receipt for every message_id (unless --no-wait-receipts);
    --expect-receipts N (any bind, e.g. an rx session paired with a tx one): waits for N receipts,
    matched to this session's submits or not; all binds: waits for --expect-mo MO messages (default 0).
    Every deliver_sm gets a deliver_sm_resp.
 4. sends enquire_link and waits for enquire_link_resp; sends unbind and waits for unbind_resp.
stdout: JSON lines: connected, bound | bind_failed, submitted | submit_failed, receipt, mo,
enquire_link_resp, unbound, done (and pdu_in / pdu_out with the raw hex unless --no-hex).
Exit codes: 0 everything expected happened, 2 bind refused (status printed), 1 anything else
(connection failure, submit error, missing receipt/MO, timeout, peer unbind), 64 bad arguments.
"""
import argparse
import json
import logging
import math
import os
import re
import signal
import socket
import struct
import sys

import smpplib.client
import smpplib.consts as K
import smpplib.gsm
import smpplib.smpp
from smpplib import exceptions as smpp_exc

STATUS_NAMES = {v: k[len('SMPP_'):] for k, v in vars(K).items() if k.startswith('SMPP_ESME_')}
quiet = False


def out(**o):
    if not quiet:
        sys.stdout.write(json.dumps(o, ensure_ascii=False) + '\n')
        sys.stdout.flush()


def status_name(code):
    return STATUS_NAMES.get(code, '0x%x' % code)


class Args(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        sys.stderr.write('smpplib_client.py: %s\n' % message)
        sys.exit(64)


def parse_args():
    ap = Args(description='python-smpplib ESME peer (127.0.0.1 only)')
    ap.add_argument('--port', type=int, required=True)
    ap.add_argument('--system-id', required=True)
    ap.add_argument('--password', required=True)
    ap.add_argument('--bind', choices=('tx', 'rx', 'trx'), required=True)
    ap.add_argument('--count', type=int, default=None)
    ap.add_argument('--from', dest='src', default='61400000001')
    ap.add_argument('--to', dest='dst', default='61400000002')
    ap.add_argument('--text', default='Hello from smpplib')
    ap.add_argument('--data-coding', type=int, default=None, choices=(0, 3, 8))
    ap.add_argument('--expect-mo', type=int, default=0)
    ap.add_argument('--expect-receipts', type=int, default=0)
    ap.add_argument('--no-wait-receipts', action='store_true')
    ap.add_argument('--system-type', default='')
    ap.add_argument('--timeout-s', type=float, default=30.0)
    ap.add_argument('--no-hex', action='store_true')
    a = ap.parse_args()
    if a.count is None:
        a.count = 0 if a.bind == 'rx' else 1
    if a.bind == 'rx' and a.count > 0:
        ap.error('a receiver cannot submit: use --count 0 with --bind rx')
    a.wait_receipts = a.bind == 'trx' and not a.no_wait_receipts
    if a.timeout_s <= 0:
        ap.error('--timeout-s must be > 0')
    return a


A = parse_args()
logging.basicConfig(level=logging.CRITICAL)
state = {'phase': 'connect', 'submitted': [], 'receipts': {}, 'all_receipts': 0, 'unmatched': 0, 'mo': 0, 'errors': [],
         'pending': {}, 'el_resp': False, 'unbind_resp': False}
client = None


def finish(code, **extra):
    global quiet
    if quiet:
        return
    out(event='done', ok=code == 0, exit_code=code, submitted=len(state['submitted']),
        receipts=state['all_receipts'], mo=state['mo'], errors=state['errors'], **extra)
    quiet = True
    try:
        if client is not None and client._socket is not None:
            client._socket.close()
            client._socket = None
            client.state = K.SMPP_CLIENT_STATE_CLOSED
    except Exception:
        pass
    sys.stdout.flush()
    os._exit(code)


def on_alarm(*_):
    missing = [m for m in state['submitted'] if m not in state['receipts']] if A.wait_receipts else []
    out(event='timeout', phase=state['phase'],
        waiting_for={'receipts': missing, 'receipt_count': max(0, A.expect_receipts - state['all_receipts']),
                     'mo': max(0, A.expect_mo - state['mo'])})
    state['errors'].append('timeout in phase %s' % state['phase'])
    finish(1)


signal.signal(signal.SIGALRM, on_alarm)
signal.alarm(max(1, math.ceil(A.timeout_s)))


# ------------------------------------------------------------------ text helpers
def gsm_decode(b):
    table = smpplib.gsm.GSM_CHARACTER_TABLE
    res, esc = [], False
    for x in bytearray(b):
        if esc:
            res.append(table[0x80 + x] if 0x80 + x < len(table) else '?')
            esc = False
        elif x == 0x1B:
            esc = True
        else:
            res.append(table[x] if x < 0x80 else '?')
    return ''.join(res)


def text_of(pdu):
    data = pdu.short_message or getattr(pdu, 'message_payload', None) or b''
    if isinstance(data, str):
        return data
    if (pdu.esm_class or 0) & 0x40 and data:
        data = data[data[0] + 1:]
    dc = pdu.data_coding or 0
    if dc == 8:
        return data.decode('utf-16-be', 'replace')
    if dc in (0, 1):
        return gsm_decode(data) if dc == 0 else data.decode('ascii', 'replace')
    return data.decode('latin-1')


def as_str(v):
    return v.decode('latin-1') if isinstance(v, bytes) else (v if v is not None else '')


def same_id(a, b):
    """Receipt ids may differ in form from submit_sm_resp ids (SMPP.md 7)."""
    if a == b:
        return True
    na, nb = a.lstrip('0').lower(), b.lstrip('0').lower()
    if na == nb:
        return True
    for x, y in ((na, nb), (nb, na)):
        if re.fullmatch(r'[0-9a-f]+', x) and re.fullmatch(r'\d+', y) and int(x, 16) == int(y):
            return True
    return False


# ------------------------------------------------------------------ I/O with logging
def install_logging(c):
    raw = []
    orig_recv, orig_send = c._recv_exact, c.send_pdu

    def recv_exact(n):
        data = orig_recv(n)
        raw.append(data)
        return data

    def send_pdu(p):
        if not A.no_hex:
            data = p.generate()
            out(event='pdu_out', command=p.command, command_status=p.status, sequence_number=p.sequence,
                hex=data.hex())
        return orig_send(p)
    c._recv_exact = recv_exact
    c.send_pdu = send_pdu
    return raw


def read_one(c, raw):
    """Read and dispatch one PDU; returns False on idle timeout."""
    del raw[:]
    try:
        pdu = c.read_pdu()
    except socket.timeout:
        return False
    except smpp_exc.UnknownCommandError as e:
        data = b''.join(raw)
        seq = struct.unpack('>L', data[12:16])[0] if len(data) >= 16 else 0
        out(event='unknown_pdu', hex=data.hex(), message=str(e))
        nack = smpplib.smpp.make_pdu('generic_nack', client=c, status=K.SMPP_ESME_RINVCMDID)
        nack.sequence = seq
        c._socket.sendall(nack.generate())
        return True
    if not A.no_hex:
        out(event='pdu_in', command=pdu.command, command_status=pdu.status, sequence_number=pdu.sequence,
            hex=b''.join(raw).hex())
    cmd = pdu.command
    if cmd == 'submit_sm_resp':
        idx, part = state['pending'].pop(pdu.sequence, (None, None))
        if pdu.status == 0:
            mid = as_str(pdu.message_id)
            state['submitted'].append(mid)
            out(event='submitted', index=idx, part=part, message_id=mid, sequence_number=pdu.sequence)
        else:
            state['errors'].append('submit %s: %s' % (idx, status_name(pdu.status)))
            out(event='submit_failed', index=idx, command_status=pdu.status, status_name=status_name(pdu.status))
    elif cmd == 'deliver_sm':
        resp = smpplib.smpp.make_pdu('deliver_sm_resp', client=c)
        resp.sequence = pdu.sequence
        c.send_pdu(resp)
        text = text_of(pdu)
        mtype = (pdu.esm_class or 0) & 0x3C
        if mtype in (0x04, 0x20):
            m, s = re.search(r'(?:^|\s)id:(\S+)', text, re.I), re.search(r'stat:(\S+)', text, re.I)
            rid = as_str(getattr(pdu, 'receipted_message_id', None)) or (m.group(1) if m else '')
            match = next((x for x in state['submitted'] if same_id(x, rid)), None)
            out(event='receipt', message_id=match or rid,
                receipted_message_id=as_str(getattr(pdu, 'receipted_message_id', None)) or None,
                stat=s.group(1).upper() if s else None, message_state=getattr(pdu, 'message_state', None),
                intermediate=mtype == 0x20, matched=match is not None, text=text)
            state['all_receipts'] += 1
            if match:
                state['receipts'][match] = s.group(1) if s else None
            else:
                state['unmatched'] += 1
        else:
            state['mo'] += 1
            out(event='mo', source_addr=as_str(pdu.source_addr), destination_addr=as_str(pdu.destination_addr),
                data_coding=pdu.data_coding, esm_class=pdu.esm_class, text=text)
    elif cmd == 'enquire_link':
        resp = smpplib.smpp.make_pdu('enquire_link_resp', client=c)
        resp.sequence = pdu.sequence
        c.send_pdu(resp)
    elif cmd == 'enquire_link_resp':
        state['el_resp'] = True
        out(event='enquire_link_resp', command_status=pdu.status)
        if pdu.status:
            state['errors'].append('enquire_link_resp %s' % status_name(pdu.status))
    elif cmd == 'unbind_resp':
        state['unbind_resp'] = True
        out(event='unbound', command_status=pdu.status)
    elif cmd == 'unbind':
        resp = smpplib.smpp.make_pdu('unbind_resp', client=c)
        resp.sequence = pdu.sequence
        c.send_pdu(resp)
        state['errors'].append('peer sent unbind in phase %s' % state['phase'])
        out(event='unbound_by_peer', phase=state['phase'])
        finish(1)
    elif cmd == 'generic_nack':
        state['errors'].append('generic_nack %s' % status_name(pdu.status))
        out(event='generic_nack', command_status=pdu.status, status_name=status_name(pdu.status))
    elif cmd == 'alert_notification':
        out(event='alert_notification', source_addr=as_str(pdu.source_addr))
    return True


def pump(c, raw, done):
    while not done():
        read_one(c, raw)


def main():
    global client
    client = smpplib.client.Client('127.0.0.1', A.port, timeout=0.5, allow_unknown_opt_params=True)
    c = client
    try:
        c.connect()
    except smpp_exc.ConnectionError as e:
        state['errors'].append('connect: %s' % e)
        out(event='error', phase='connect', message=str(e))
        finish(1)
    out(event='connected', port=A.port)
    raw = install_logging(c)

    # 1. bind (smpplib's own bind_*(); it reads exactly one PDU, the bind response)
    state['phase'] = 'bind'
    try:
        del raw[:]
        resp = getattr(c, {'tx': 'bind_transmitter', 'rx': 'bind_receiver', 'trx': 'bind_transceiver'}[A.bind])(
            system_id=A.system_id, password=A.password, system_type=A.system_type)
    except smpp_exc.PDUError as e:
        code = e.args[1] if len(e.args) > 1 else -1
        if not A.no_hex:
            out(event='pdu_in', command='bind_resp', command_status=code, hex=b''.join(raw).hex())
        out(event='bind_failed', bind=A.bind, command_status=code, status_name=status_name(code))
        finish(2, bind_status=code)
    except (smpp_exc.ConnectionError, socket.timeout) as e:
        state['errors'].append('bind: no response (%s)' % e)
        out(event='error', phase='bind', message='no bind response')
        finish(1)
    if not A.no_hex:
        out(event='pdu_in', command=resp.command, command_status=resp.status, sequence_number=resp.sequence,
            hex=b''.join(raw).hex())
    out(event='bound', bind=A.bind, system_id=as_str(resp.system_id))

    # 2. submits
    state['phase'] = 'submit'
    if A.count:
        if A.data_coding is None:
            parts, enc, esm = smpplib.gsm.make_parts(A.text)
        else:
            parts, enc, esm = smpplib.gsm.make_parts(A.text, encoding=A.data_coding)
        for i in range(A.count):
            for part_no, part in enumerate(parts, start=1):
                p = smpplib.smpp.make_pdu('submit_sm', client=c, source_addr_ton=1, source_addr_npi=1,
                                          source_addr=A.src, dest_addr_ton=1, dest_addr_npi=1, destination_addr=A.dst,
                                          short_message=part, data_coding=enc, esm_class=esm, registered_delivery=1)
                state['pending'][p.sequence] = (i, part_no)
                c.send_pdu(p)
                pump(c, raw, lambda: p.sequence not in state['pending'])

    # 3. receipts / MO
    state['phase'] = 'wait'
    pump(c, raw, lambda: (not A.wait_receipts or all(m in state['receipts'] for m in state['submitted']))
         and state['all_receipts'] >= A.expect_receipts and state['mo'] >= A.expect_mo)

    # 4. enquire_link, unbind
    state['phase'] = 'enquire_link'
    c.send_pdu(smpplib.smpp.make_pdu('enquire_link', client=c))
    pump(c, raw, lambda: state['el_resp'])
    state['phase'] = 'unbind'
    c.send_pdu(smpplib.smpp.make_pdu('unbind', client=c))
    pump(c, raw, lambda: state['unbind_resp'])
    state['phase'] = 'closing'
    finish(1 if state['errors'] else 0, unmatched_receipts=state['unmatched'])


if __name__ == '__main__':
    try:
        main()
    except smpp_exc.ConnectionError as e:
        state['errors'].append('connection lost in phase %s' % state['phase'])
        out(event='closed_by_peer', phase=state['phase'])
        finish(1)
    except Exception as e:  # keep the exit-code contract even on bugs
        state['errors'].append('%s: %s' % (type(e).__name__, e))
        out(event='error', phase=state['phase'], message='%s: %s' % (type(e).__name__, e))
        finish(1)
