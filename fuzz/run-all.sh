#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each, starting from the committed seed corpus.
# Exits non-zero if any target crashes, leaks, times out or fails to build.
#
#   fuzz/run-all.sh 30            # 30 s per target
#   CARGO_BUILD_JOBS=1 fuzz/run-all.sh 10   # limit build parallelism
#
# Needs a nightly toolchain and cargo-fuzz (cargo install cargo-fuzz). New inputs found go to
# fuzz/corpus-new/<target>/ (ignored by git), so the committed corpus stays as it is; crashes
# are written to fuzz/artifacts/<target>/.
set -euo pipefail

if [[ $# -ne 1 || ! "$1" =~ ^[0-9]+$ || "$1" -lt 1 ]]; then
    echo "usage: $0 SECONDS" >&2
    exit 2
fi
seconds=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"

toolchain=${FUZZ_TOOLCHAIN:-nightly}

targets=$(cargo +"$toolchain" fuzz list)
if [[ -z "$targets" ]]; then
    echo "no fuzz targets found" >&2
    exit 1
fi

# Build every target first so the time limit below is spent fuzzing, not compiling.
for target in $targets; do
    cargo +"$toolchain" fuzz build "$target"
done

failed=()
for target in $targets; do
    seeds="corpus/$target"
    new="corpus-new/$target"
    mkdir -p "$new" "artifacts/$target"
    if [[ ! -d "$seeds" ]] || [[ -z "$(ls -A "$seeds")" ]]; then
        echo "missing seed corpus $seeds" >&2
        failed+=("$target (no corpus)")
        continue
    fi
    echo "=== fuzzing $target for ${seconds}s"
    # libFuzzer stops itself after -max_total_time; timeout is the backstop if it hangs.
    # The first corpus directory receives new inputs; the seeds are only read.
    status=0
    timeout --signal=INT --kill-after=30 $((seconds + 120)) \
        cargo +"$toolchain" fuzz run "$target" "$new" "$seeds" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        || status=$?
    if [[ $status -ne 0 ]]; then
        echo "!!! $target failed with status $status; see fuzz/artifacts/$target/" >&2
        failed+=("$target (status $status)")
    fi
done

if [[ ${#failed[@]} -ne 0 ]]; then
    echo "fuzzing failed: ${failed[*]}" >&2
    exit 1
fi
echo "fuzzing passed: every target ran ${seconds}s without a crash"
