#!/usr/bin/env bash
# Builds the three libFuzzer targets (with AddressSanitizer) and runs each for SECONDS (default
# 600). Findings go to Fuzz/findings/TARGET/; copy each crashing input into
# Tests/Fixtures/fuzz-regressions/TARGET/ so that FuzzRegressionTests replays it on every test run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
flags=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld --scratch-path .build-fuzz)
for target in RuleParser Engine XMLReader; do
    STANCEKIT_FUZZ=1 swift build --product "Fuzz$target" "${flags[@]}" >/dev/null
done
declare -A seeds=([RuleParser]=rules [Engine]=engine [XMLReader]=xml)
for target in RuleParser Engine XMLReader; do
    work=".build-fuzz/corpus/$target"
    findings="Fuzz/findings/$target"
    mkdir -p "$work" "$findings"
    echo "== Fuzz$target for $seconds s"
    ".build-fuzz/release/Fuzz$target" "$work" "Fuzz/seeds/${seeds[$target]}" \
        -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$findings/" -print_final_stats=1 2>&1 | tail -n 25 || echo "Fuzz$target stopped with a finding"
done
