"""Shared by the Python vector generators: process clean-up with a hard timeout, one vector from PDU bytes (fields and TLVs from the
independent parser in smpp_wire.py, checked against what was asked for and against SMPP.md),
and writing a vector file."""

import json
import os
import signal
import subprocess
import sys

from smpp_wire import parse_pdu

#: Every process a generator starts; stop_all() stops them by pid.
procs = []


def stop_all():
    for p in procs:
        if p.poll() is None:
            try:
                p.send_signal(signal.SIGTERM)
                p.wait(timeout=5)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                p.kill()


def hard_timeout(name, seconds):
    """After `seconds`, stop every process in `procs` and exit 3."""
    def fire(*_):
        sys.stderr.write('%s: hard timeout\n' % name)
        stop_all()
        os._exit(3)
    signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)


def h(s, enc='latin-1'):
    return s.encode(enc).hex()


def make_vector(buf, name, source, failures, expect=None, deviation=None, override=None, notes=()):
    """The vector for `buf`. Problems that are not declared go to `failures`.

    expect: what was asked for ({'fields': {...}, 'tlvs': [...], 'fields_exact': bool,
    'command_status', 'sequence_number', 'command'}). deviation: a declared SMPP.md deviation
    (lint or mismatch expected; spec_deviation=True). override: the library changed or dropped a
    value we passed, but the bytes are still spec-valid."""
    p = parse_pdu(buf)
    notes = list(notes)
    problems = []
    if p.get('error'):
        problems.append('PARSE ERROR: %s' % p['error'])
    exp = expect or {}
    for k, v in exp.get('fields', {}).items():
        if p['fields'].get(k, '<absent>') != v:
            problems.append('asked %s=%s, wire has %s' % (k, json.dumps(v), json.dumps(p['fields'].get(k, '<absent>'))))
    if 'tlvs' in exp and exp['tlvs'] != p['tlvs']:
        problems.append('asked tlvs=%s, wire has %s' % (json.dumps(exp['tlvs']), json.dumps(p['tlvs'])))
    if exp.get('fields_exact') and p['fields'] != exp.get('fields', {}):
        problems.append('fields not exactly %s: %s' % (json.dumps(exp.get('fields')), json.dumps(p['fields'])))
    for k in ('command_status', 'sequence_number', 'command'):
        if k in exp and exp[k] != p[k]:
            problems.append('asked %s=%s, wire has %s' % (k, exp[k], p[k]))
    notes += ['MISMATCH: %s' % x for x in problems]
    notes += ['SPEC (SMPP.md): %s' % x for x in p['lint']]
    if (problems and not (deviation or override)) or (p['lint'] and not deviation):
        failures.append('%s: undeclared: %s' % (name, '; '.join(problems + p['lint'])))
    if (deviation or override) and not (problems or p['lint']):
        failures.append('%s: declared deviation/override but the bytes match the request and SMPP.md' % name)
    if override:
        notes.insert(0, 'LIBRARY OVERRIDE: %s' % override)
    if deviation:
        notes.insert(0, 'DEVIATION: %s' % deviation)
    v = {'source': source, 'name': name, 'command': p['command'], 'hex': buf.hex(), 'command_id': p['command_id'],
         'command_status': p['command_status'], 'sequence_number': p['sequence_number'], 'fields': p['fields'],
         'tlvs': p['tlvs'], 'spec_deviation': bool(p['lint'] or p.get('error') or deviation),
         'notes': ' | '.join(notes)}
    if p.get('error'):
        v['parse_error'] = p['error']
    return v


def finish(out, vectors, failures):
    """The generator's exit code: 1 with the cross-check failures listed, else 0 once the
    vector file is written."""
    if failures:
        sys.stderr.write('Cross-check failures:\n  ' + '\n  '.join(failures) + '\n')
        return 1
    write_vectors(out, vectors)
    return 0


def write_vectors(out, vectors):
    """Writes the file and prints a one-line JSON summary."""
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, 'w') as f:
        json.dump(vectors, f, indent=1, ensure_ascii=False)
        f.write('\n')
    tally = {}
    for v in vectors:
        tally[v['command']] = tally.get(v['command'], 0) + 1
    print(json.dumps({'out': out, 'total': len(vectors), 'per_command': tally}))
