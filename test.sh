#!/usr/bin/env bash
# Runs every test of the workspace on a fresh machine: installs the interop peers
# (node-smpp from npm, python smpplib from PyPI, Kannel and Perl Net::SMPP from Debian) and the fuzz tool, then
# runs the checks.
# Usage: ./test.sh            (everything)
#        FUZZ_SECONDS=0 ./test.sh   (skip the short fuzz runs)
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
step() { printf '\n=== %s\n' "$*"; }

step "interop peers: node-smpp (npm) and smpplib (PyPI)"
(cd tools/peers && npm ci --no-audit --no-fund --loglevel=error)
if [ ! -x .venv-peers/bin/python ]; then python3 -m venv .venv-peers; fi
.venv-peers/bin/pip install --quiet --disable-pip-version-check -r tools/peers/requirements.txt
export SMPP_TEST_PYTHON="$root/.venv-peers/bin/python"

step "interop peers from Debian: Kannel (kannel) and Perl Net::SMPP (libnet-smpp-perl)"
if [ ! -x /usr/sbin/bearerbox ] || ! perl -MNet::SMPP -e 1 2>/dev/null; then
    sudo=""; if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    pkgs="kannel libnet-smpp-perl"
    $sudo apt-get install -y -q $pkgs >/dev/null \
        || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q $pkgs >/dev/null; }
fi
export SMPP_REQUIRE_DEBIAN_PEERS=1

step "format and lints"
cargo fmt --all -- --check
cargo clippy -p smpp-proto --all-targets -- -D warnings
cargo clippy -p smpp-proto --no-default-features -- -D warnings
cargo clippy -p smpp-session --all-targets -- -D warnings
cargo clippy -p smpp-session --no-default-features -- -D warnings
cargo clippy -p smpp-tokio --all-targets -- -D warnings
cargo clippy -p smpp-tokio --all-targets --features tls -- -D warnings
cargo clippy -p smpp-python --all-targets -- -D warnings

step "no_std builds (no alloc at all, then alloc only)"
cargo build -p smpp-proto --no-default-features
cargo build -p smpp-proto --no-default-features --features alloc
cargo build -p smpp-session --no-default-features
if cargo tree -p smpp-proto --no-default-features -e normal,features | grep -q 'feature "std"'; then
    echo "smpp-proto without default features pulls in std" >&2; exit 1
fi

step "Rust tests (unit, property, peer vectors, fuzz corpus replay, interop, doc tests)"
cargo test -p smpp-proto -p smpp-session -p smpp-tokio
cargo test -p smpp-tokio --features tls --test tls
RUSTDOCFLAGS=-Dwarnings cargo doc --no-deps -p smpp-proto -p smpp-session -p smpp-tokio --quiet

step "release checks for the crates: publish dry-runs, the packaged crates' own tests, MSRV, docs.rs build"
bash tools/release/check-publish.sh

step "main job (the seed flow against the in-process simulator)"
cargo run --quiet -p smpp-tokio --bin smpp-client

if [ -f fuzz/run-all.sh ] && [ "${FUZZ_SECONDS:-20}" != 0 ]; then
    step "fuzz targets, ${FUZZ_SECONDS:-20} s each"
    if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
        cargo install cargo-fuzz --locked --quiet
    fi
    bash fuzz/run-all.sh "${FUZZ_SECONDS:-20}"
fi

if [ -f bindings-python/run-tests.sh ]; then
    step "Python bindings"
    bash bindings-python/run-tests.sh
fi

step "release wheel: manylinux2014 x86_64 (zig), installed in a fresh venv, Python tests against it"
bash tools/release/test-wheel.sh

step "all tests passed"
