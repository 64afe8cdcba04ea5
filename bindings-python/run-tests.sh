#!/usr/bin/env bash
# Builds the Python bindings into a virtualenv and runs their tests and stub checks.
#
#   bindings-python/run-tests.sh            # venv in bindings-python/.venv (or $SMPP_PY_VENV)
#
# Steps: venv (if needed) -> pip install test tools and smpplib (interop peer) -> npm ci for
# the node-smpp peer (if node is there and tools/peers/node_modules is not) ->
# pip install ./bindings-python (maturin, release build) -> pytest (no tests = failure) ->
# the abi3 wheel's tests on python3.9 and python3.13 when present -> mypy.stubtest smpp._smpp
# -> mypy --strict on the package.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
VENV="${SMPP_PY_VENV:-$HERE/.venv}"
PY="${PYTHON:-python3}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

if [ ! -x "$VENV/bin/python" ]; then
    echo "== creating $VENV"
    "$PY" -m venv "$VENV"
fi
VPY="$VENV/bin/python"
export PATH="$VENV/bin:$PATH"  # maturin, for the build without isolation
"$VPY" -m pip install -q --upgrade pip
echo "== installing test tools"
"$VPY" -m pip install -q "maturin>=1.7,<2" pytest pytest-asyncio hypothesis mypy typing_extensions \
    -r "$ROOT/tools/peers/requirements.txt"

if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
        && [ ! -d "$ROOT/tools/peers/node_modules/smpp" ]; then
    echo "== npm ci (node-smpp interop peer)"
    (cd "$ROOT/tools/peers" && npm ci --no-audit --no-fund --silent) \
        || echo "npm ci failed: the node-smpp interop test will be skipped"
fi

echo "== building and installing the package (pip install ./bindings-python)"
"$VPY" -m pip install -q --no-build-isolation --force-reinstall --no-deps "$HERE"

cd "$HERE"
echo "== pytest"
set +e
"$VPY" -m pytest -q -p no:cacheprovider tests
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
    echo "pytest collected no tests: failing" >&2
    exit 1
fi
if [ "$rc" -ne 0 ]; then
    exit "$rc"
fi

# The same abi3 wheel on the oldest and newest CPython the machine has (pyenv or PATH), so
# that "one wheel for 3.9 and later" is checked, not assumed.
find_python() {
    local d
    if command -v pyenv >/dev/null 2>&1; then
        for d in "$(pyenv root)"/versions/"$1".*/bin/python3; do
            if [ -x "$d" ]; then echo "$d"; return; fi
        done
    fi
    if "python$1" -c 'import venv' >/dev/null 2>&1; then command -v "python$1"; fi
}
WHEELS="$(mktemp -d)"
"$VPY" -m maturin build --release -q -o "$WHEELS" >/dev/null
for version in 3.9 3.13; do
    other="$(find_python "$version")"
    if [ -n "$other" ]; then
        echo "== pytest on $("$other" --version) with the abi3 wheel"
        OVENV="$(mktemp -d)/venv"
        "$other" -m venv "$OVENV"
        "$OVENV/bin/pip" install -q "$WHEELS"/*.whl pytest pytest-asyncio hypothesis \
            -r "$ROOT/tools/peers/requirements.txt"
        "$OVENV/bin/python" -m pytest -q -p no:cacheprovider tests
        rm -rf "$(dirname "$OVENV")"
    else
        echo "== no Python $version here: the abi3 wheel is tested on $("$VPY" --version) only"
    fi
done
rm -rf "$WHEELS"

echo "== stubtest"
(cd /tmp && "$VPY" -m mypy.stubtest smpp._smpp --allowlist "$HERE/stubtest-allowlist.txt")
echo "== mypy --strict"
"$VPY" -m mypy --no-incremental python/smpp
echo "== all Python binding checks passed"
