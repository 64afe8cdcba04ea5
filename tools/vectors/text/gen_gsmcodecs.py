#!/usr/bin/env python3
"""Record the `gsmcodecs` package's 3GPP TS 23.038 codecs (default alphabet and all
thirteen national languages) as test vectors for smpp-proto.

Usage: python3 -m venv v && v/bin/pip install gsmcodecs && v/bin/python gen_gsmcodecs.py
(writes ../../../smpp-proto/tests/vectors/text/gsmcodecs.json)

For each pair of tables (locking shift, single shift) the vector holds every character
gsmcodecs can encode with that pair, in table order, and gsmcodecs' unpacked encoding of
that text.
"""
import codecs
import json
import os
from importlib.metadata import version

import gsmcodecs  # noqa: F401  (registers the codecs)
from gsmcodecs.charmaps import GSMCHARMAPS


def repertoire(lock, single):
    chars = []
    for kind, lid in (("locking", lock), ("singleShift", single)):
        for septet, cp in sorted(GSMCHARMAPS[lid][kind]["decode"].items()):
            if septet == 0x1B:
                continue  # the escape, which gsmcodecs shows as a space
            ch = chr(cp)
            if ch not in chars:
                chars.append(ch)
    return "".join(chars)


def main():
    pairs = [(0, 0)]
    for lid in range(1, 14):
        pairs.append((0, lid))
        if "locking" in GSMCHARMAPS[lid]:
            pairs.append((lid, lid))
    vectors = []
    for lock, single in pairs:
        name = f"gsm23.038_{lock}_{single}"
        text = repertoire(lock, single)
        encoded = codecs.encode(text, name)
        assert codecs.decode(encoded, name) == text
        vectors.append({"locking": lock, "single": single, "text": text, "hex": encoded.hex()})
    # A plain sentence through the default codec, packed by nobody: unpacked septets.
    doc = {
        "source": f"gsmcodecs {version('gsmcodecs')} (3GPP TS 23.038 v18 tables)",
        "generator": "tools/vectors/text/gen_gsmcodecs.py",
        "vectors": vectors,
    }
    here = os.path.dirname(os.path.abspath(__file__))
    dest = os.path.join(here, "..", "..", "..", "smpp-proto", "tests", "vectors", "text", "gsmcodecs.json")
    with open(dest, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(dest), len(vectors))


if __name__ == "__main__":
    main()
