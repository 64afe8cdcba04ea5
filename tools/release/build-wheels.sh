#!/usr/bin/env bash
# Builds the Python package's release artefacts: the abi3 wheel (CPython 3.9+) for
#   x86_64-unknown-linux-gnu    manylinux2014 (glibc 2.17)
#   aarch64-unknown-linux-gnu   manylinux2014 (glibc 2.17)
#   x86_64-unknown-linux-musl   musllinux_1_2
#   aarch64-unknown-linux-musl  musllinux_1_2
# cross-linked by maturin through zig, plus the sdist; then checks them: the wheel tags, the
# glibc symbol versions (none newer than 2.17, by `auditwheel show` and objdump), the
# licence files and README in every artefact, and `twine check`.
#
#   tools/release/build-wheels.sh                    # every target and the sdist
#   tools/release/build-wheels.sh x86_64-unknown-linux-gnu [--no-sdist]
#
# Environment: WHEEL_DIR (default target/release-wheels, emptied first), SMPP_RELEASE_VENV
# (default .venv-release: maturin, ziglang, auditwheel, twine, trove-classifiers from PyPI),
# SMPP_WHEEL_TARGET_DIR (cargo's target dir, default target/release-build), ALLOW_SKIPPED=1 (exit 0 even when a target could not
# be built; the summary still names it).
#
# A Rust target whose standard library rustup cannot install is skipped and named in the
# summary with the reason; any skipped or failed target makes the exit status 2 (or 1 for
# a failed check) unless ALLOW_SKIPPED=1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$PWD
# A target dir of its own: release wheels never pick up an artefact of a concurrent
# development build (and the extension's architecture is checked below all the same).
export CARGO_TARGET_DIR="${SMPP_WHEEL_TARGET_DIR:-$root/target/release-build}"
out="${WHEEL_DIR:-$root/target/release-wheels}"
venv="${SMPP_RELEASE_VENV:-$root/.venv-release}"

all_targets=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu x86_64-unknown-linux-musl aarch64-unknown-linux-musl)
targets=()
sdist=1
for a in "$@"; do
    case "$a" in
        --no-sdist) sdist=0 ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        *-linux-gnu|*-linux-musl) targets+=("$a") ;;
        *) echo "unknown argument: $a" >&2; exit 64 ;;
    esac
done
[ "${#targets[@]}" -gt 0 ] || targets=("${all_targets[@]}")

compatibility() {
    case "$1" in
        *-linux-gnu) echo manylinux2014 ;;
        *-linux-musl) echo musllinux_1_2 ;;
    esac
}
# The wheel built for a target: abi3 for CPython 3.9, with the platform tags asked for
# (manylinux2014 is also written as manylinux_2_17).
find_wheel() {
    local arch="${1%%-*}" w
    for w in "$out"/smpp-*-cp39-abi3-*.whl; do
        case "$1:$(basename "$w" .whl)" in
            *-linux-gnu:*manylinux2014_"$arch"*) [[ "$w" == *manylinux_2_17_"$arch"* ]] && echo "$w" && return ;;
            *-linux-musl:*musllinux_1_2_"$arch"*) echo "$w" && return ;;
        esac
    done
}

echo "== release tools in $venv (maturin, ziglang, auditwheel, twine from PyPI)"
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/pip" install -q --disable-pip-version-check "maturin>=1.9.2,<2" ziglang auditwheel twine trove-classifiers pyelftools
export PATH="$venv/bin:$PATH"
echo "$(maturin --version), zig $(python -m ziglang version), $(auditwheel --version 2>&1 | head -1)"

rm -rf "$out"
mkdir -p "$out"
built=()
skipped=()
failed=()

for t in "${targets[@]}"; do
    compat="$(compatibility "$t")"
    echo
    echo "== $t ($compat)"
    if ! rustup target list --installed | grep -qx "$t"; then
        echo "rustup target add $t"
        if ! err="$(rustup target add "$t" 2>&1)"; then
            echo "$err" | tail -3
            skipped+=("$t: rustup cannot install its standard library here ($(echo "$err" | grep -m1 -i error || echo "$err" | tail -1))")
            continue
        fi
    fi
    start=$SECONDS
    if (cd bindings-python && maturin build --release --zig --target "$t" --compatibility "$compat" \
            --out "$out" 2>&1 | grep -Ev '^ +(Compiling|Downloaded|Downloading) '); then
        wheel="$(find_wheel "$t")"
        if [ -z "$wheel" ]; then
            failed+=("$t: built, but no cp39-abi3 $compat wheel in $out ($(ls "$out"))")
        else
            built+=("$t: $(basename "$wheel") ($((SECONDS - start)) s)")
        fi
    else
        failed+=("$t: maturin build failed (see above)")
    fi
done

if [ "$sdist" = 1 ]; then
    echo
    echo "== sdist"
    if (cd bindings-python && maturin sdist --out "$out"); then
        built+=("sdist: $(basename "$(ls "$out"/smpp-*.tar.gz)")")
    else
        failed+=("sdist: maturin sdist failed")
    fi
fi

echo
echo "== checks"
check_failed=0
check() { if ! "$@"; then check_failed=1; fi; }
for whl in "$out"/*.whl; do
    [ -e "$whl" ] || continue
    name="$(basename "$whl")"
    echo "-- $name"
    check python - "$whl" <<'EOF'
import sys, zipfile
whl = sys.argv[1]
z = zipfile.ZipFile(whl)
names = z.namelist()
dist = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
meta = z.read(f"{dist}/METADATA").decode()
wheel = z.read(f"{dist}/WHEEL").decode()
problems = []
for lic in ("LICENSE-MIT", "LICENSE-APACHE"):
    if not any(n.endswith("/" + lic) for n in names):
        problems.append(f"no {lic}")
if "License-Expression: MIT OR Apache-2.0" not in meta:
    problems.append("no License-Expression")
if "Requires-Python: >=3.9" not in meta:
    problems.append("no Requires-Python >=3.9")
if "pip install smpp" not in meta:
    problems.append("the PyPI README is not the long description")
if not any(n.startswith("smpp/_smpp") and (n.endswith(".so")) for n in names):
    problems.append("no extension module smpp/_smpp*.so")
if "Tag: cp39-abi3-" not in wheel:
    problems.append("not an abi3 cp39 wheel: " + wheel)
from trove_classifiers import classifiers as known
problems += [f"unknown classifier {c!r}" for c in
             (l[len("Classifier: "):] for l in meta.splitlines() if l.startswith("Classifier: "))
             if c not in known]
if problems:
    sys.exit("   " + "; ".join(problems))
print("   metadata, licences, README, abi3 tag: ok")
EOF
    # The extension itself: its architecture, the libraries it needs, glibc symbol versions.
    tmp="$(mktemp -d)"
    python -m zipfile -e "$whl" "$tmp"
    check python - "$name" "$tmp" <<'EOF'
import pathlib, re, sys
from elftools.elf.elffile import ELFFile
from elftools.elf.dynamic import DynamicSection
from elftools.elf.gnuversions import GNUVerNeedSection
name, root = sys.argv[1], pathlib.Path(sys.argv[2])
arch = re.search(r"(x86_64|aarch64)\.whl$", name).group(1)
machine = {"x86_64": "EM_X86_64", "aarch64": "EM_AARCH64"}[arch]
sos = list(root.glob("smpp/_smpp*.so"))
assert len(sos) == 1, sos
with open(sos[0], "rb") as f:
    elf = ELFFile(f)
    needed = sorted(t.needed for s in elf.iter_sections() if isinstance(s, DynamicSection)
                    for t in s.iter_tags() if t.entry.d_tag == "DT_NEEDED")
    glibc = sorted({aux.name for s in elf.iter_sections() if isinstance(s, GNUVerNeedSection)
                    for _, auxes in s.iter_versions() for aux in auxes
                    if aux.name.startswith("GLIBC_")},
                   key=lambda v: tuple(int(x) for x in v[6:].split(".")))
    problems = []
    if elf["e_machine"] != machine:
        problems.append(f"the extension is {elf['e_machine']}, not {machine}")
    if "manylinux" in name:
        # manylinux2014's libraries (PEP 599) and glibc 2.17 at most.
        allowed = {"libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1",
                   "libgcc_s.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"}
        if glibc and tuple(int(x) for x in glibc[-1][6:].split(".")) > (2, 17):
            problems.append(f"needs {glibc[-1]}, newer than GLIBC_2.17")
    else:
        # musl's loader answers any libc.* name itself; nothing from glibc or libgcc.
        allowed = {"libc.so", f"libc.musl-{arch}.so.1"}
        if glibc:
            problems.append(f"glibc symbol versions in a musl wheel: {glibc}")
    problems += [f"needs {lib}, not allowed here" for lib in needed if lib not in allowed]
    print(f"   extension: {machine}, needs {', '.join(needed)}"
          + (f"; newest glibc symbol version {glibc[-1]}" if glibc else "; no glibc symbol versions"))
    if problems:
        sys.exit("   " + "; ".join(problems))
EOF
    case "$name" in
        *manylinux*)
            # auditwheel's own verdict, and objdump's newest GLIBC_ version as a second opinion.
            if report="$(auditwheel show "$whl" 2>&1)"; then
                verdict="$(tr '\n' ' ' <<<"$report" | grep -Eo 'consistent with the following platform tag: +"[^"]*"' || true)"
                echo "   auditwheel show: ${verdict:-no verdict}"
                if [[ "$verdict" != *'"manylinux_2_17_'* ]]; then
                    echo "$report" | sed 's/^/   /'
                    echo "   auditwheel does not find the wheel consistent with manylinux_2_17" >&2
                    check_failed=1
                fi
            else
                echo "$report" | tail -5 | sed 's/^/   /'
                echo "   auditwheel show failed" >&2
                check_failed=1
            fi
            newest="$(objdump -T "$tmp"/smpp/_smpp*.so | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)"
            echo "   objdump -T: newest glibc symbol version $newest"
            if [ "$(printf '%s\nGLIBC_2.17\n' "$newest" | sort -V | tail -1)" != GLIBC_2.17 ]; then
                echo "   $newest is newer than GLIBC_2.17" >&2
                check_failed=1
            fi
            ;;
        *musllinux*)
            # auditwheel on a glibc host offers no musllinux policy to check against, and
            # nothing here runs a musl CPython: the ELF check above is what is checked.
            echo "   musllinux: checked by the ELF check above only (no musl CPython here to run it)"
            ;;
    esac
    rm -rf "$tmp"
done
for sd in "$out"/*.tar.gz; do
    [ -e "$sd" ] || continue
    echo "-- $(basename "$sd")"
    listing="$(tar -tzf "$sd")"
    for f in LICENSE-MIT LICENSE-APACHE README-pypi.md pyproject.toml; do
        if ! grep -Eq "^[^/]+/(bindings-python/)?$f\$" <<<"$listing"; then
            echo "   the sdist lacks $f" >&2
            check_failed=1
        fi
    done
    echo "   licences, README-pypi.md and pyproject.toml included ($(wc -l <<<"$listing") files)"
done
if compgen -G "$out/*" >/dev/null; then
    echo "-- twine check"
    check twine check --strict "$out"/*
fi

echo
echo "== summary ($out)"
for b in "${built[@]}"; do echo "built:   $b"; done
for s in "${skipped[@]}"; do echo "SKIPPED: $s"; done
for f in "${failed[@]}"; do echo "FAILED:  $f"; done
if [ "$check_failed" != 0 ]; then
    echo "FAILED:  a check of the built artefacts (see above)"
    exit 1
fi
if [ "${#failed[@]}" -gt 0 ]; then exit 1; fi
if [ "${#skipped[@]}" -gt 0 ] && [ "${ALLOW_SKIPPED:-0}" != 1 ]; then
    echo "some targets were skipped: exit status 2 (ALLOW_SKIPPED=1 accepts that)"
    exit 2
fi
