#!/usr/bin/env bash
# Tests the wheel that would be published: builds the manylinux2014 x86_64 abi3 wheel with
# tools/release/build-wheels.sh (zig, glibc 2.17; tag and symbol checks, twine check), installs
# it into a fresh venv that has no build tools (no maturin, no Rust involvement), and runs the
# bindings-python pytest suite against it from a directory where the source tree's
# python/smpp cannot be imported; then runs the examples of README-pypi.md with it.
#
#   tools/release/test-wheel.sh
#
# Environment: PYTHON (default python3) for the fresh venv; WHEEL_DIR (default
# target/test-wheel); CARGO_TARGET_DIR (default target/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$PWD
export WHEEL_DIR="${WHEEL_DIR:-$root/target/test-wheel}"
PY="${PYTHON:-python3}"

start=$SECONDS
bash tools/release/build-wheels.sh x86_64-unknown-linux-gnu --no-sdist
wheel="$(ls "$WHEEL_DIR"/smpp-*-cp39-abi3-*manylinux_2_17_x86_64*.whl)"
echo "== built $(basename "$wheel") in $((SECONDS - start)) s"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "== fresh venv ($("$PY" --version)) with the wheel and the test requirements only"
"$PY" -m venv "$work/venv"
vpy="$work/venv/bin/python"
"$vpy" -m pip install -q --disable-pip-version-check --only-binary :all: "$wheel" \
    pytest pytest-asyncio hypothesis -r tools/peers/requirements.txt
if "$vpy" -c 'import maturin' 2>/dev/null; then
    echo "the test venv has maturin: it is not a plain install" >&2
    exit 1
fi

cd "$work"
# The installed package, not the source tree, is what gets imported.
"$vpy" - "$root" <<'EOF'
import pathlib, sys
import smpp, smpp._smpp
root = pathlib.Path(sys.argv[1]).resolve()
for m in (smpp, smpp._smpp):
    where = pathlib.Path(m.__file__).resolve()
    if root in where.parents:
        sys.exit(f"{m.__name__} imports from the source tree: {where}")
    print(f"{m.__name__}: {where}")
EOF

echo "== pytest (bindings-python/tests against the installed wheel)"
# pytest puts bindings-python/tests on sys.path (for conftest), never bindings-python/python;
# `-p no:cacheprovider` keeps the source tree clean.
set +e
"$vpy" -m pytest -q -p no:cacheprovider "$root/bindings-python/tests"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
    echo "pytest collected no tests: failing" >&2
    exit 1
fi
if [ "$rc" -ne 0 ]; then exit "$rc"; fi

echo "== the PyPI README's examples against the installed wheel"
# Every python block compiles; the clients and the codec run against `python -m smpp serve`
# (the server block, which serves forever, is only compiled).
"$vpy" - "$root/bindings-python/README-pypi.md" <<'EOF'
import pathlib, re, socket, subprocess, sys, time
blocks = re.findall(r"```python\n(.*?)```", pathlib.Path(sys.argv[1]).read_text(), re.S)
assert len(blocks) >= 4, f"{len(blocks)} python blocks"
for b in blocks:
    compile(b, "README-pypi.md", "exec")
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
server = subprocess.Popen([sys.executable, "-m", "smpp", "serve", "--port", str(port),
                          "--account", "esme:secret", "--receipt-delay", "0.2", "--duration", "120"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    for b in blocks:
        if "serve_forever" in b:
            continue
        r = subprocess.run([sys.executable, "-c", b.replace("2775", str(port))],
                           capture_output=True, text=True, timeout=60)
        first = b.strip().splitlines()[0]
        if r.returncode != 0:
            sys.exit(f"README block starting {first!r} failed:\n{r.stdout}{r.stderr}")
        lines = r.stdout.strip().splitlines()
        if "submit_sm" in b and not (len(lines) >= 2 and "DELIVRD" in r.stdout):
            sys.exit(f"README block starting {first!r}: no message_id and receipt in {r.stdout!r}")
        print(f"   ok: {first} ... -> {' | '.join(lines)[:120]}")
finally:
    server.terminate()
    server.wait(timeout=10)
EOF
echo "== the installed manylinux2014 wheel passes the suite and the README's examples ($((SECONDS - start)) s in all)"
