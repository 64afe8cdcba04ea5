#!/usr/bin/env bash
# Release checks for the Rust crates (smpp-proto, smpp-session, smpp-tokio):
#   1. crates.io metadata: description, licence, repository, readme, keywords (at most 5),
#      categories (known slugs), rust-version; LICENSE-MIT / LICENSE-APACHE and README.md in
#      every package (the per-crate licence files must equal the root ones);
#   2. `cargo package -p ...` and `cargo publish --dry-run --workspace`: every publishable
#      crate packaged and built from its package, the later ones against the earlier ones'
#      packages (a local overlay registry);
#   3. the packaged smpp-proto and smpp-session run their own tests, unpacked outside the
#      workspace (no access to fuzz/ or tools/);
#   4. the minimum supported Rust version (rust-version) builds the crates, when rustup can
#      install that toolchain;
#   5. the docs.rs build (nightly rustdoc, --cfg docsrs, all features), when nightly is there.
#
#   tools/release/check-publish.sh
#
# Uses $CARGO_TARGET_DIR (default: target/ of the workspace) for the dry-runs and
# $CARGO_TARGET_DIR/package-test for the packaged crates' tests, so repeated runs are incremental.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$PWD
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
crates=(smpp-proto smpp-session smpp-tokio)
step() { printf '\n--- %s\n' "$*"; }
fail() { echo "check-publish: $*" >&2; exit 1; }

dirty=()
if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    echo "note: the work tree has uncommitted changes; packaging them as they are (--allow-dirty)"
    dirty=(--allow-dirty)
fi

step "metadata and packaged files"
for f in LICENSE-MIT LICENSE-APACHE CHANGELOG.md; do
    [ -s "$f" ] || fail "$f missing at the workspace root"
done
mkdir -p "$CARGO_TARGET_DIR"
cargo metadata --no-deps --format-version 1 >"$CARGO_TARGET_DIR/release-metadata.json"
python3 - "$CARGO_TARGET_DIR/release-metadata.json" "${crates[@]}" <<'EOF'
import json, sys
# crates.io category slugs used or considered here (https://crates.io/category_slugs).
valid = {"network-programming", "encoding", "parser-implementations", "no-std",
         "no-std::no-alloc", "asynchronous", "command-line-utilities", "embedded",
         "api-bindings", "development-tools::testing"}
want = set(sys.argv[2:])
seen = set()
for p in json.load(open(sys.argv[1]))["packages"]:
    if p["name"] not in want:
        continue
    seen.add(p["name"])
    name = p["name"]
    problems = []
    for key in ("description", "license", "repository", "homepage", "readme", "rust_version", "documentation"):
        if not p.get(key):
            problems.append(f"no {key}")
    if p.get("publish") == []:
        problems.append("publish = false")
    if not 1 <= len(p["keywords"]) <= 5:
        problems.append(f"{len(p['keywords'])} keywords (crates.io takes 1 to 5)")
    for k in p["keywords"]:
        if len(k) > 20 or not k[:1].isalpha() or not all(c.isalnum() or c in "-_+" for c in k):
            problems.append(f"keyword {k!r} is not valid on crates.io")
    if not 1 <= len(p["categories"]) <= 5:
        problems.append(f"{len(p['categories'])} categories (crates.io takes 1 to 5)")
    problems += [f"unknown category {c!r}" for c in p["categories"] if c not in valid]
    docsrs = p.get("metadata", {}) and p["metadata"].get("docs", {}).get("rs", {})
    if not docsrs or not docsrs.get("all-features") or docsrs.get("rustdoc-args") != ["--cfg", "docsrs"]:
        problems.append("no [package.metadata.docs.rs] with all-features and --cfg docsrs")
    if problems:
        sys.exit(f"{name}: " + "; ".join(problems))
    print(f"{name} {p['version']}: rust-version {p['rust_version']}, keywords {p['keywords']}, categories {p['categories']}")
if seen != want:
    sys.exit(f"not in the workspace: {sorted(want - seen)}")
EOF
for c in "${crates[@]}"; do
    for f in LICENSE-MIT LICENSE-APACHE; do
        cmp -s "$f" "$c/$f" || fail "$c/$f differs from the root $f (copy it: cp $f $c/)"
    done
    list="$(cargo package --list -p "$c" "${dirty[@]}" 2>/dev/null)" || fail "cargo package --list -p $c failed"
    for f in Cargo.toml LICENSE-MIT LICENSE-APACHE README.md; do
        grep -qx "$f" <<<"$list" || fail "$c's package lacks $f"
    done
    if grep -E '^\.\./|^/' <<<"$list"; then fail "$c packages files from outside its folder"; fi
    echo "$c: $(wc -l <<<"$list") files, licences and README included"
done

step "cargo package of the three crates, then cargo publish --dry-run --workspace (smpp-python has publish = false)"
# `cargo package` builds each crate from its package, the later ones against the earlier
# ones' packages (a local overlay registry), and leaves the .crate files; the publish dry-run
# then goes through what `cargo publish` does short of uploading (no second build).
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
for c in "${crates[@]}"; do rm -f "$CARGO_TARGET_DIR/package/$c-$version.crate"; done
# Cargo unpacks the overlay registry's crates under $CARGO_HOME/registry/src/-<hash>/ and
# reuses that copy while the version stays the same: a second run would build the later
# crates against the first run's sources. Only those local copies are removed (crates.io's
# own directory is named index.crates.io-<hash>).
# The same goes for the verify builds' artifacts: cargo takes registry crates as immutable and
# would link the first run's smpp-session into this run's smpp-tokio. Drop them (the workspace's
# own debug builds of these crates are rebuilt when next needed).
for c in "${crates[@]}"; do
    rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/"$c-$version"
    rm -rf "$CARGO_TARGET_DIR"/debug/.fingerprint/"$c"-* "$CARGO_TARGET_DIR"/debug/deps/lib"${c//-/_}"-* \
        "$CARGO_TARGET_DIR"/debug/deps/"${c//-/_}"-*
done
pkgs=(); for c in "${crates[@]}"; do pkgs+=(-p "$c"); done
cargo package "${pkgs[@]}" "${dirty[@]}" || fail "cargo package failed"
cargo publish --dry-run --workspace --no-verify "${dirty[@]}" || fail "cargo publish --dry-run failed"
for c in "${crates[@]}"; do
    [ -s "$CARGO_TARGET_DIR/package/$c-$version.crate" ] || fail "no $CARGO_TARGET_DIR/package/$c-$version.crate"
done

step "the packaged smpp-proto and smpp-session run their own tests"
# Outside the workspace (cargo would take the package for a stray member), at a fixed path so
# that the tests' CARGO_MANIFEST_DIR stays the same and $CARGO_TARGET_DIR/package-test stays
# incremental.
unpack="${SMPP_PACKAGE_TEST_DIR:-${TMPDIR:-/tmp}/smpp-package-test}"
rm -rf "$unpack"
mkdir -p "$unpack"
for c in smpp-proto smpp-session; do
    tar -xzf "$CARGO_TARGET_DIR/package/$c-$version.crate" -C "$unpack"
done
for c in smpp-proto smpp-session; do
    patch=()
    if [ "$c" = smpp-session ]; then
        # Its package asks crates.io for smpp-proto, not published yet: use the unpacked one.
        patch=(--config "patch.crates-io.smpp-proto.path='$unpack/smpp-proto-$version'")
    fi
    echo "== cargo test in the unpacked $c-$version.crate"
    # The crates under test are always rebuilt (cargo would reuse a build made from another
    # unpacked copy, whose CARGO_MANIFEST_DIR the tests read); their dependencies are reused.
    (cd "$unpack/$c-$version" \
        && CARGO_TARGET_DIR="$CARGO_TARGET_DIR/package-test" cargo clean -q "${patch[@]}" -p smpp-proto -p "$c" \
        && CARGO_TARGET_DIR="$CARGO_TARGET_DIR/package-test" cargo test -q "${patch[@]}") \
        || fail "the packaged $c's tests failed"
done

msrv="$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
step "minimum supported Rust version: $msrv"
if rustup run "$msrv" cargo --version >/dev/null 2>&1 \
        || rustup toolchain install "$msrv" --profile minimal >/dev/null 2>&1; then
    # The libraries and binaries (not the tests: dev-dependencies may need a newer compiler).
    cargo "+$msrv" check -q -p smpp-proto --no-default-features
    cargo "+$msrv" check -q -p smpp-session --no-default-features
    cargo "+$msrv" check -q -p smpp-proto -p smpp-session -p smpp-tokio --all-features --lib --bins
    echo "Rust $msrv builds smpp-proto, smpp-session and smpp-tokio"
else
    echo "SKIPPED: rustup could not install Rust $msrv here; the rust-version claim is unchecked" >&2
fi

step "docs.rs build (nightly rustdoc, --cfg docsrs, all features)"
if cargo +nightly --version >/dev/null 2>&1; then
    RUSTDOCFLAGS="--cfg docsrs -Dwarnings" cargo +nightly doc -q --no-deps --all-features \
        -p smpp-proto -p smpp-session -p smpp-tokio
    echo "nightly rustdoc with --cfg docsrs builds all three crates"
else
    echo "SKIPPED: no nightly toolchain, the docs.rs configuration is unchecked" >&2
fi

step "publish checks passed"
