#!/usr/bin/env python3
"""Generate smpp-proto/tests/vectors/peers/kannel.json: Kannel (bearerbox/smsbox, Debian package
`kannel`) as an ESME against the node-smpp SMSC (node_server.js), recorded by wire_proxy.js.

Two Kannel runs, each its own bearerbox + smsbox, all on 127.0.0.1 with free ports:
  run "trx": one smsc group in transceiver-mode; sendsms (GSM text, UCS-2 coding=2, a long text
             Kannel splits with a concatenation UDH, dlr-mask=1 texts), node's receipts and MO,
             enquire_link both ways, unbind on bearerbox shutdown (admin /shutdown);
  run "txrx": two smsc groups with one smsc-id, one with port (Kannel binds as a transmitter), one
             with port 0 and receive-port (Kannel binds as a receiver).
Kept: every PDU Kannel wrote (client->server) and node-smpp's deliver_sm (receipts, MO) that
Kannel answers; node-smpp's other responses are already in node_smpp.json / smpplib.json.
"fields"/"tlvs" come from the independent parser smpp_wire.py (check_vectors.py also runs the
JS twin). Python 3 stdlib only; needs node, /usr/sbin/bearerbox and /usr/sbin/smsbox.

Determinism: node_server.js --dlr-date fixes the receipt dates, its message ids count from
5f1c2d000001 per run, the sendsms calls are made one at a time, each waiting for its PDUs.
Kannel's own sequence numbers depend on its threads (the TX and RX connections of one smsc
group share one counter, enquire_link timing), and its concatenation reference comes from a
counter: vectors are recorded as they travelled, and named/ordered independently of those.

Usage: python3 gen_kannel_vectors.py [--out PATH]      hard timeout 150 s
"""
import http.server
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from smpp_wire import parse_pdu  # noqa: E402
import vectorlib  # noqa: E402
from vectorlib import finish, procs  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '../../smpp-proto/tests/vectors/peers/kannel.json')
if '--out' in sys.argv:
    OUT = sys.argv[sys.argv.index('--out') + 1]
BEARERBOX, SMSBOX = '/usr/sbin/bearerbox', '/usr/sbin/smsbox'
NODE_LIB = 'node-smpp %s' % json.load(open(os.path.join(HERE, 'node_modules/smpp/package.json')))['version']
LIMIT = 20.0  # seconds for any single wait
DLR_DATE = '2503011430'
MO_TEXT = 'MO via node-smpp to Kannel'


def kannel_version():
    out = subprocess.run([BEARERBOX, '--version'], capture_output=True, text=True, timeout=10)
    for line in (out.stdout + out.stderr).splitlines():
        if 'bearerbox version' in line:
            return line.split('`')[1].split("'")[0]
    raise RuntimeError('cannot read the bearerbox version')


LIB = 'kannel %s' % kannel_version()
cleanup = vectorlib.stop_all
vectorlib.hard_timeout('gen_kannel_vectors', 150)


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_until(what, pred, limit=LIMIT):
    t0 = time.time()
    while not pred():
        for p in procs:
            if p.poll() not in (None, 0) and p.args[0] in (BEARERBOX, SMSBOX):
                raise RuntimeError('%s exited with %s while waiting for %s' % (p.args[0], p.returncode, what))
        if time.time() - t0 > limit:
            raise RuntimeError('timed out waiting for %s' % what)
        time.sleep(0.05)


def http_get(port, path, timeout=10):
    try:
        with urllib.request.urlopen('http://127.0.0.1:%d%s' % (port, path), timeout=timeout) as r:
            return r.read().decode('utf-8', 'replace')
    except OSError as e:
        if hasattr(e, 'read'):  # HTTPError: a body is still an answer
            return e.read().decode('utf-8', 'replace')
        return None


class JsonLines(object):
    """A node child printing JSON lines; a thread collects them."""

    def __init__(self, cmd):
        self.proc = subprocess.Popen(cmd, cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        procs.append(self.proc)
        self.lines = []
        self.q = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        first = self.q.get(timeout=LIMIT)
        if first.get('event') != 'listening':
            raise RuntimeError('%s did not start: %s' % (cmd, first))
        self.port = first['port']

    def _read(self):
        for line in self.proc.stdout:
            if line.strip():
                o = json.loads(line)
                self.lines.append(o)
                self.q.put(o)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Callbacks(http.server.BaseHTTPRequestHandler):
    """Kannel's get-url (MO) and dlr-url land here; we only record the paths."""
    seen = []

    def do_GET(self):
        Callbacks.seen.append(self.path)
        self.send_response(200)
        self.send_header('Content-Length', '0')
        self.end_headers()

    def log_message(self, *_):
        pass


def config(d, ports, smsc):
    return '''group = core
admin-port = {admin}
admin-password = adm
admin-allow-ip = 127.0.0.1
smsbox-port = {smsbox}
box-allow-ip = 127.0.0.1
log-file = "{d}/bearerbox.log"
log-level = 0
access-log = "{d}/access.log"
dlr-storage = internal

{smsc}

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {smsbox}
sendsms-port = {sendsms}
mo-recode = true
log-file = "{d}/smsbox.log"
log-level = 0

group = sendsms-user
username = u
password = p
max-messages = 3
concatenation = true

group = sms-service
keyword = default
catch-all = true
max-messages = 0
get-url = "http://127.0.0.1:{cb}/mo?from=%p&to=%P&coding=%c&text=%a"
'''.format(d=d, smsc=smsc, **ports)


class Kannel(object):
    def __init__(self, name, smsc_conf, accounts, enquire_link_ms):
        self.name = name
        self.dir = tempfile.mkdtemp(prefix='kannel-vec-%s-' % name, dir='/work/scratch' if os.path.isdir('/work/scratch') else None)
        self.node = JsonLines(['node', 'node_server.js', '--port', '0', '--system-id', 'NODESMSC', '--mo-text', MO_TEXT,
                               '--mo-from', '61400000009', '--mo-to', '1234', '--dlr-delay-ms', '100',
                               '--dlr-date', DLR_DATE, '--enquire-link-ms', str(enquire_link_ms), '--timeout-s', '60',
                               '--no-hex'] + sum((['--account', a] for a in accounts), []))
        self.proxy = JsonLines(['node', 'wire_proxy.js', '--target-port', str(self.node.port), '--timeout-s', '60'])
        self.cb = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Callbacks)
        threading.Thread(target=self.cb.serve_forever, daemon=True).start()
        self.ports = dict(admin=free_port(), smsbox=free_port(), sendsms=free_port(), cb=self.cb.server_address[1])
        conf = os.path.join(self.dir, 'kannel.conf')
        with open(conf, 'w') as f:
            f.write(config(self.dir, self.ports, smsc_conf.format(port=self.proxy.port)))
        self.conf = conf
        self.bb = self.sb = None

    def pdus(self):
        return [r for r in self.proxy.lines if r.get('event') == 'pdu']

    def count(self, dir_, command, pred=lambda p: True):
        return sum(1 for r in self.pdus() if r['dir'] == dir_ and parse_pdu(r['hex'])['command'] == command
                   and pred(parse_pdu(r['hex'])))

    def wait_pdus(self, what, dir_, command, n, pred=lambda p: True):
        wait_until('%s: %d x %s %s' % (what, n, dir_, command), lambda: self.count(dir_, command, pred) >= n)

    def start(self, online):
        out = open(os.path.join(self.dir, 'bearerbox.out'), 'w')
        self.bb = subprocess.Popen([BEARERBOX, self.conf], stdin=subprocess.DEVNULL, stdout=out, stderr=out)
        procs.append(self.bb)
        wait_until('bearerbox online', lambda: self.bb.poll() is None and (http_get(self.ports['admin'], '/status.txt?password=adm') or '')
                   .count('(online') >= online)
        out = open(os.path.join(self.dir, 'smsbox.out'), 'w')
        self.sb = subprocess.Popen([SMSBOX, self.conf], stdin=subprocess.DEVNULL, stdout=out, stderr=out)
        procs.append(self.sb)
        wait_until('smsbox sendsms port', lambda: http_get(self.ports['sendsms'], '/') is not None)

    def sendsms(self, text, coding=0, dlr=False, frm='SENDER', to='61481076483', **extra):
        q = dict(username='u', password='p', to=to, coding=str(coding), text=text)
        if isinstance(text, str):
            q['charset'] = 'UTF-8'
        q['from'] = frm
        if dlr:
            q['dlr-mask'] = '1'
            q['dlr-url'] = 'http://127.0.0.1:%d/dlr?type=%%d' % self.ports['cb']
        q.update(extra)
        body = http_get(self.ports['sendsms'], '/cgi-bin/sendsms?' + urllib.parse.urlencode(q))
        if not body or 'Accepted' not in body:
            raise RuntimeError('sendsms refused %r: %r' % (text, body))

    def shutdown(self, binds):
        http_get(self.ports['admin'], '/shutdown?password=adm')
        self.wait_pdus('unbind at shutdown', 'c2s', 'unbind', binds)
        self.wait_pdus('unbind_resp', 's2c', 'unbind_resp', binds)
        for p in (self.bb, self.sb):
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.terminate()
                p.wait(timeout=5)
        time.sleep(0.2)
        self.proxy.stop()
        self.node.stop()
        self.cb.shutdown()
        self.cb.server_close()
        shutil.rmtree(self.dir, ignore_errors=True)  # logs are kept (and printed) only on failure

    def logs(self):
        out = []
        for f in ('bearerbox.log', 'smsbox.log', 'bearerbox.out', 'smsbox.out'):
            try:
                out.append('--- %s\n%s' % (f, ''.join(open(os.path.join(self.dir, f)).readlines()[-40:])))
            except OSError:
                pass
        return '\n'.join(out)


LONG = ('Kannel splits this text because it is longer than one SMS: the sendsms-user group allows up to three '
        'parts, and each part carries a user data header with an 8-bit concatenation reference. ') * 1


SMSC = '''group = smsc
smsc = smpp
smsc-id = node
host = 127.0.0.1
port = {port}
smsc-username = {user}
smsc-password = secret
{extra}
enquire-link-interval = 3
reconnect-delay = 1'''


def run_trx():
    k = Kannel('trx', SMSC.format(extra='transceiver-mode = true\nsystem-type = ""', user='kannel', port='{port}'),
               ['kannel:secret'], 1500)
    try:
        k.start(1)
        # The MO node_server sends after the bind, and Kannel's deliver_sm_resp.
        k.wait_pdus('MO answer', 'c2s', 'deliver_sm_resp', 1)
        k.sendsms('Hello from Kannel @ 100€ [x]')
        k.wait_pdus('GSM text', 'c2s', 'submit_sm', 1)
        k.sendsms('Привет from Kannel €', coding=2)
        k.wait_pdus('UCS-2 text', 'c2s', 'submit_sm', 2)
        k.sendsms(LONG)
        k.wait_pdus('long text', 'c2s', 'submit_sm', 4)
        k.sendsms('Receipt please', dlr=True)
        k.wait_pdus('dlr-mask submit', 'c2s', 'submit_sm', 5)
        k.wait_pdus('receipt answer', 'c2s', 'deliver_sm_resp', 2)
        k.sendsms('UCS-2 receipt please ✓', coding=2, dlr=True)
        k.wait_pdus('receipt answer', 'c2s', 'deliver_sm_resp', 3)
        k.sendsms('Flash message, priority 1', mclass='0', priority='1')
        k.wait_pdus('mclass/priority', 'c2s', 'submit_sm', 7)
        # 8-bit data with a caller-supplied UDH (16-bit port addressing, WAP push ports)
        k.sendsms(b'\x01\x06\x03\xc4\xaf\x87\x00\xff', coding=1, udh=b'\x06\x05\x04\x0b\x84\x23\xf0')
        k.wait_pdus('binary with UDH', 'c2s', 'submit_sm', 8)
        k.wait_pdus('Kannel enquire_link', 'c2s', 'enquire_link', 1)
        k.wait_pdus('node enquire_link answered', 'c2s', 'enquire_link_resp', 1)
        k.shutdown(1)
    except Exception:
        sys.stderr.write(k.logs() + '\n')
        raise
    return k


def run_txrx():
    # Kannel 1.4.5 refuses port and receive-port in one group: one group per direction, same smsc-id.
    k = Kannel('txrx', SMSC.format(extra='system-type = VMA', user='kannel2', port='{port}') + '\n\n'
               + SMSC.format(extra='system-type = VMA\nreceive-port = {port}', user='kannel2', port='0'),
               ['kannel2:secret'], 0)
    try:
        k.start(2)
        wait_until('both binds', lambda: k.count('c2s', 'bind_transmitter') >= 1 and k.count('c2s', 'bind_receiver') >= 1)
        k.wait_pdus('MO answer', 'c2s', 'deliver_sm_resp', 1)
        k.sendsms('TX session, receipt on RX', dlr=True, frm='61400000001')
        k.wait_pdus('receipt answer', 'c2s', 'deliver_sm_resp', 2)
        k.shutdown(2)
    except Exception:
        sys.stderr.write(k.logs() + '\n')
        raise
    return k


vectors = []
failures = []


def describe(p):
    f = p['fields']
    d = []
    if p['command'] == 'deliver_sm':
        d.append('delivery receipt' if (f.get('esm_class', 0) & 0x3C) == 4 else 'MO')
    if p['command'] == 'submit_sm':
        if f.get('esm_class', 0) & 0x40:
            udh = bytes.fromhex(f['short_message_hex'])
            d.append('concatenated part %d/%d, UDH' % (udh[5], udh[4]) if udh[:3] == b'\x05\x00\x03' else 'UDH')
        d.append({0: 'GSM default', 8: 'UCS-2', 4: '8-bit', 0xF0: 'GSM default, message class 0'}.get(f.get('data_coding'), 'data_coding %d' % f.get('data_coding', -1)))
        if f.get('priority_flag'):
            d.append('priority_flag %d' % f['priority_flag'])
        if f.get('registered_delivery'):
            d.append('registered_delivery %d' % f['registered_delivery'])
    if p['command_status']:
        d.append('error status 0x%x' % p['command_status'])
    return d


def collect(k, run):
    conns = {}
    for r in k.pdus():
        conns.setdefault(r['conn'], []).append(r)
    # name connections by their bind, not by their (thread-dependent) TCP order
    label = {}
    for conn, rs in conns.items():
        first = parse_pdu(rs[0]['hex'])['command']
        label[conn] = {'bind_transceiver': 'trx', 'bind_transmitter': 'tx', 'bind_receiver': 'rx'}.get(first, first)
    order = {'trx': 0, 'tx': 1, 'rx': 2}
    counters = {}
    for conn in sorted(conns, key=lambda c: order.get(label[c], 9)):
        seen_enquire = set()
        for r in conns[conn]:
            buf = bytes.fromhex(r['hex'])
            p = parse_pdu(buf)
            cmd = p['command']
            if r['dir'] == 's2c' and cmd != 'deliver_sm':
                continue  # node-smpp's responses: already recorded in node_smpp.json / smpplib.json
            if cmd in ('enquire_link', 'enquire_link_resp'):
                if (r['dir'], cmd) in seen_enquire:
                    continue  # the count depends on timing; keep the first
                seen_enquire.add((r['dir'], cmd))
            desc = describe(p)
            key = (run, label[conn], r['dir'], cmd, tuple(desc))
            counters[key] = counters.get(key, 0) + 1
            name = 'wire %s %s: %s%s #%d' % (run, label[conn], cmd, ' (%s)' % ', '.join(desc) if desc else '',
                                             counters[key])
            notes = ['captured by wire_proxy.js on 127.0.0.1; Kannel smsc group %s, %s connection' % (run, label[conn])]
            if r['dir'] == 'c2s':
                source = '%s wire capture (vs %s server)' % (LIB, NODE_LIB)
                notes.append('sequence_number is Kannel\'s and depends on its thread timing')
            else:
                source = '%s wire (server->client, node_server.js talking to %s)' % (NODE_LIB, LIB)
            if cmd == 'submit_sm' and 'UDH' in ' '.join(desc):
                notes.append('the 8-bit concatenation reference comes from a Kannel counter')
            if p['lint']:
                notes += ['SPEC (SMPP.md): %s' % x for x in p['lint']]
                failures.append('%s: SPEC findings %s (declare them if they are real)' % (name, p['lint']))
            v = {'source': source, 'name': name, 'command': cmd, 'hex': buf.hex(), 'command_id': p['command_id'],
                 'command_status': p['command_status'], 'sequence_number': p['sequence_number'],
                 'fields': p['fields'], 'tlvs': p['tlvs'],
                 'spec_deviation': bool(p['lint'] or p.get('error')), 'notes': ' | '.join(notes)}
            if p.get('error'):
                v['parse_error'] = p['error']
            vectors.append(v)


def check(run, want):
    got = {}
    for v in vectors:
        if v['name'].startswith('wire %s ' % run):
            got[v['command']] = got.get(v['command'], 0) + 1
    for cmd, n in want.items():
        if got.get(cmd, 0) < n:
            failures.append('run %s: expected at least %d %s, got %d' % (run, n, cmd, got.get(cmd, 0)))


def main():
    try:
        k = run_trx()
        collect(k, 'trx')
        check('trx', {'bind_transceiver': 1, 'submit_sm': 8, 'deliver_sm': 3, 'deliver_sm_resp': 3,
                      'enquire_link': 1, 'enquire_link_resp': 1, 'unbind': 1})
        k = run_txrx()
        collect(k, 'txrx')
        check('txrx', {'bind_transmitter': 1, 'bind_receiver': 1, 'submit_sm': 1, 'deliver_sm': 2,
                       'deliver_sm_resp': 2, 'unbind': 2})
    finally:
        cleanup()
    return finish(OUT, vectors, failures)


if __name__ == '__main__':
    sys.exit(main())
