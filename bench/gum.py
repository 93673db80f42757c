#!/usr/bin/env python3
"""GUM benchmark: how far automatic variant generation reaches on real name mentions.

Reads ../shared/corpora/gum (GUM corpus, Wikinews and interviews; annotations CC-BY 4.0, text
CC-BY 2.5, Zeldes 2017). Writes a rule file from GUM's person, organization and place
identities, using only the canonical name from the Wikipedia title (no hand-made variants:
"Barack_Obama" gives `name: Barack Obama`, from which StanceKit generates "Obama"), annotates the
43 documents with `stancekit annotate`, and scores the result with `stancekit eval` against GUM's
name mentions of those identities (mentions that share a capitalized word with the canonical
name; pronouns and descriptions such as "the president" are not name mentions).

Recall is the measure: it says how many of the press's ways of naming an entity the generated
variants reach. Precision is shown too, but the gold lists only linked mentions.

Run from the project root:  python3 bench/gum.py
"""
import collections
import json
import pathlib
import re
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
GUM = ROOT.parent / "shared" / "corpora" / "gum"
WORK = ROOT / "bench" / "out" / "gum"
TYPES = {"person": "PERSON", "organization": "ORG", "place": "GPE"}


def canonical(identity):
    name = identity.replace("_", " ")
    return re.sub(r"\s*\([^)]*\)$", "", name).strip()


def slug(identity):
    return re.sub(r"[^A-Za-z0-9]+", "-", identity).strip("-").lower() or "x"


def main():
    if not GUM.exists():
        print(f"skipped: {GUM} is absent (GUM lives in ../shared/corpora)")
        return 0
    shutil.rmtree(WORK, ignore_errors=True)
    for sub in ("corpus", "gold"):
        (WORK / sub).mkdir(parents=True)

    entities = {}
    documents = {}
    for path in sorted(GUM.glob("*.entities.jsonl")):
        name = path.name[: -len(".entities.jsonl")]
        text = (GUM / f"{name}.txt").read_text(encoding="utf-8")
        mentions = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        documents[name] = (text, mentions)
        for m in mentions:
            if m.get("identity") and m.get("type") in TYPES:
                entities.setdefault(m["identity"], TYPES[m["type"]])

    ids = {}
    lines = ["version: 1", "entities:"]
    for identity, kind in sorted(entities.items()):
        entity = slug(identity)
        while entity in ids.values():
            entity += "-x"
        ids[identity] = entity
        lines.append(f"  - {{id: {entity}, type: {kind}, name: {json.dumps(canonical(identity), ensure_ascii=False)}}}")
    rules = WORK / "gum.yaml"
    rules.write_text("\n".join(lines) + "\n", encoding="utf-8")

    gold_count = collections.Counter()
    for name, (text, mentions) in documents.items():
        (WORK / "corpus" / f"{name}.txt").write_text(text, encoding="utf-8")
        (WORK / "gold" / f"{name}.txt").write_text(text, encoding="utf-8")
        ann, seen, n = [], set(), 0
        for m in mentions:
            identity = m.get("identity")
            if identity not in ids or m.get("type") not in TYPES:
                continue
            words = set(canonical(identity).split())
            surface = m["text"]
            if not any(w[:1].isupper() and w in words for w in re.findall(r"[\w.'-]+", surface)):
                continue
            key = (m["start"], m["end"], ids[identity])
            if key in seen:
                continue
            seen.add(key)
            n += 1
            ann.append(f"T{n}\t{TYPES[m['type']]} {m['start']} {m['end']}\t{text[m['start']:m['end']]}")
            ann.append(f"N{n}\tReference T{n} rules:{ids[identity]}\t{ids[identity]}")
            gold_count[TYPES[m["type"]]] += 1
        (WORK / "gold" / f"{name}.ann").write_text("\n".join(ann) + ("\n" if ann else ""), encoding="utf-8")

    subprocess.run(["swift", "build", "-c", "release", "--product", "stancekit"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    tool = ROOT / ".build" / "release" / "stancekit"
    run = subprocess.run([str(tool), "annotate", str(WORK / "corpus"), "--rules", str(rules), "--out",
                          str(WORK / "out")], cwd=ROOT, capture_output=True, text=True)
    summary = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else ""
    scored = subprocess.run([str(tool), "eval", "--gold", str(WORK / "gold"), str(WORK / "out"), "--json"],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    report = json.loads(scored.stdout)

    print(f"GUM: {len(documents)} documents, {len(ids)} identities (person/organization/place), "
          f"{sum(gold_count.values())} gold name mentions; stancekit: {summary}")
    print("| scope | strict recall | lenient recall | strict precision | lenient precision | gold |")
    print("|---|---|---|---|---|---|")
    rows = [("all", report["strict"], report["lenient"])]
    for kind in ("PERSON", "ORG", "GPE"):
        if kind in report["strictByType"]:
            rows.append((kind, report["strictByType"][kind], report["lenientByType"][kind]))
    for label, strict, lenient in rows:
        def r(s):
            return s["truePositives"] / s["gold"] if s["gold"] else 0.0

        def p(s):
            return s["truePositives"] / s["system"] if s["system"] else 0.0
        print(f"| {label} | {r(strict):.3f} | {r(lenient):.3f} | {p(strict):.3f} | {p(lenient):.3f} | {strict['gold']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
