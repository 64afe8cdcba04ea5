#!/usr/bin/env python3
"""Sanity-check the peer vector files.

For every vector in smpp-proto/tests/vectors/peers/*.json:
  * schema: required keys, integer header values, spec field names only, C-strings as str,
    octet strings as *_hex, TLVs as [{tag:int, hex:str}];
  * the header values and "fields"/"tlvs" equal what BOTH independent parsers derive from "hex"
    (smpp_wire.py here, smpp_wire.js through node);
  * spec_deviation is true whenever the parsers find an SMPP.md violation or a parse error.
Usage: python3 check_vectors.py [FILE...]      exit 0 = all good
"""
import glob
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from smpp_wire import parse_pdu  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIELD_NAMES = {
    'system_id', 'password', 'system_type', 'interface_version', 'addr_ton', 'addr_npi', 'address_range',
    'service_type', 'source_addr_ton', 'source_addr_npi', 'source_addr', 'dest_addr_ton', 'dest_addr_npi',
    'destination_addr', 'esm_class', 'protocol_id', 'priority_flag', 'schedule_delivery_time', 'validity_period',
    'registered_delivery', 'replace_if_present_flag', 'data_coding', 'sm_default_msg_id', 'sm_length',
    'short_message_hex', 'message_id', 'final_date', 'message_state', 'error_code', 'number_of_dests',
    'dest_addresses', 'no_unsuccess', 'unsuccess_smes', 'esme_addr_ton', 'esme_addr_npi', 'esme_addr',
}
REQUIRED = ('source', 'name', 'hex', 'command_id', 'command_status', 'sequence_number', 'fields', 'tlvs', 'notes')


def js_parse(hexes):
    code = ("const {parsePdu}=require('./smpp_wire');let d='';process.stdin.on('data',c=>d+=c);"
            "process.stdin.on('end',()=>{process.stdout.write(JSON.stringify(JSON.parse(d).map(h=>parsePdu(h))))});")
    r = subprocess.run(['node', '-e', code], cwd=HERE, input=json.dumps(hexes), capture_output=True, text=True,
                       timeout=60, check=True)
    return json.loads(r.stdout)


def main(files):
    errors = []
    total = 0
    for path in files:
        vecs = json.load(open(path))
        js = js_parse([v['hex'] for v in vecs])
        for v, pj in zip(vecs, js):
            total += 1
            where = '%s: %s' % (os.path.basename(path), v.get('name'))
            for k in REQUIRED:
                if k not in v:
                    errors.append('%s: missing key %s' % (where, k))
            for k in ('command_id', 'command_status', 'sequence_number'):
                if not isinstance(v.get(k), int):
                    errors.append('%s: %s is not an integer' % (where, k))
            for k, val in v['fields'].items():
                if k not in FIELD_NAMES:
                    errors.append('%s: unknown field name %s' % (where, k))
                if k.endswith('_hex') and not isinstance(val, str):
                    errors.append('%s: %s must be a hex string' % (where, k))
            for t in v['tlvs']:
                if set(t) != {'tag', 'hex'} or not isinstance(t['tag'], int):
                    errors.append('%s: bad TLV entry %s' % (where, t))
            pp = parse_pdu(v['hex'])
            for name, p in (('python', pp), ('js', pj)):
                for k in ('command_id', 'command_status', 'sequence_number', 'fields', 'tlvs', 'command'):
                    if p.get(k) != v.get(k):
                        errors.append('%s: %s parser disagrees on %s: %r vs stored %r' % (where, name, k, p.get(k), v.get(k)))
                if bool(p.get('error')) != ('parse_error' in v):
                    errors.append('%s: %s parser error %r vs stored %r' % (where, name, p.get('error'), v.get('parse_error')))
                if (p['lint'] or p.get('error')) and not v.get('spec_deviation'):
                    errors.append('%s: %s parser finds %s but spec_deviation is false' % (where, name, p['lint']))
            if pp['lint'] != pj['lint']:
                errors.append('%s: parsers disagree on lint: %s vs %s' % (where, pp['lint'], pj['lint']))
            if len(bytes.fromhex(v['hex'])) != int(v['hex'][:8], 16):
                errors.append('%s: command_length does not match the hex length' % where)
    for e in errors:
        print(e)
    print(json.dumps({'files': len(files), 'vectors': total, 'errors': len(errors)}))
    return 1 if errors else 0


if __name__ == '__main__':
    args = sys.argv[1:] or sorted(glob.glob(os.path.join(HERE, '../../smpp-proto/tests/vectors/peers/*.json')))
    sys.exit(main(args))
