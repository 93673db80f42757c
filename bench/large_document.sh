#!/usr/bin/env bash
# One 100 MB document (Reuters-21578 text repeated), annotated end to end: time and peak memory.
# Shows that a single huge document is one linear pass; memory is proportional to the document.
set -euo pipefail
cd "$(dirname "$0")/.."
reuters=../shared/corpora/reuters21578/reuters21578.jsonl
[ -f "$reuters" ] || { echo "skipped: $reuters is absent"; exit 0; }
work=bench/out/large
rm -rf "$work" && mkdir -p "$work"
python3 - "$reuters" "$work/big.txt" <<'PY'
import json, sys
text = "\n\n".join(json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8"))
with open(sys.argv[2], "w", encoding="utf-8") as out:
    while out.tell() < 100_000_000:
        out.write(text)
PY
swift build -c release --product stancekit >/dev/null
/usr/bin/time -f "%e s wall, peak resident %M KB" .build/release/stancekit annotate "$work/big.txt" \
    --rules rules/summit.yaml --out "$work/out"
ls -l "$work/out/big.xml"
