#!/usr/bin/env python3
"""NewsMTSC benchmark: how far rule-based stance reaches on real news, next to VADER.

Reads ../shared/corpora/newsmtsc/devtest_rw.jsonl (NewsMTSC, MIT licence; 1,067 sentences with
sentiment toward target persons), writes a rule file whose entities are the gold target mentions
(exact spellings, no generated variants) and which includes rules/english-cues.yaml, annotates
every sentence with `stancekit annotate`, and reports:

  (a) coverage: the share of gold targets that receive any stance (as target);
  (b) accuracy: favor/against against the gold positive/negative, on covered targets whose gold
      polarity is positive or negative;
  (c) the peer: VADER's sentence compound score used as the target's polarity (positive >= 0.05,
      negative <= -0.05, else no polarity), with the same two numbers.

Run from the project root:  python3 bench/newsmtsc.py   (it makes bench/.venv with vaderSentiment)
"""
import collections
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "corpora" / "newsmtsc" / "devtest_rw.jsonl"
WORK = ROOT / "bench" / "out" / "newsmtsc"
VENV = ROOT / "bench" / ".venv"
NS = {"sk": "urn:stancekit:standoff:1"}


def ensure_vader():
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "vaderSentiment==3.3.2"], check=True)
    return python


def yaml_string(text):
    return json.dumps(text, ensure_ascii=False)  # JSON strings are YAML double-quoted strings


def main():
    if not DATA.exists():
        print(f"skipped: {DATA} is absent (NewsMTSC lives in ../shared/corpora)")
        return 0
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "corpus").mkdir(parents=True)

    # One entity per distinct target spelling.
    ids = {}
    for row in rows:
        for target in row["targets"]:
            mention = target["mention"].strip()
            if mention and mention not in ids:
                ids[mention] = f"t{len(ids) + 1}"
    cues = (ROOT / "rules" / "english-cues.yaml").resolve()
    lines = ["version: 1", f"include: [{yaml_string(str(cues))}]", "entities:"]
    for mention, entity in ids.items():
        lines.append(f"  - {{id: {entity}, type: TARGET, name: {yaml_string(mention)}}}")
    rules = WORK / "targets.yaml"
    rules.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for index, row in enumerate(rows):
        (WORK / "corpus" / f"{index:05d}.txt").write_text(row["sentence_normalized"], encoding="utf-8")

    subprocess.run(["swift", "build", "-c", "release", "--product", "stancekit"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    tool = ROOT / ".build" / "release" / "stancekit"
    run = subprocess.run([str(tool), "annotate", str(WORK / "corpus"), "--rules", str(rules), "--out",
                          str(WORK / "xml")], cwd=ROOT, capture_output=True, text=True)
    summary = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else ""
    if run.returncode != 0:
        print(run.stderr[-2000:])
        return 1

    python = ensure_vader()
    vader_script = (
        "import json,sys\n"
        "from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer\n"
        "a=SentimentIntensityAnalyzer()\n"
        "rows=[json.loads(l) for l in open(sys.argv[1],encoding='utf-8') if l.strip()]\n"
        "print(json.dumps([a.polarity_scores(r['sentence_normalized'])['compound'] for r in rows]))\n")
    compounds = json.loads(subprocess.run([str(python), "-c", vader_script, str(DATA)], capture_output=True,
                                          text=True, check=True).stdout)

    gold_name = {2.0: "against", 4.0: "neutral", 6.0: "favor"}
    ours = collections.Counter()
    vader = collections.Counter()
    for index, row in enumerate(rows):
        root = ET.parse(WORK / "xml" / f"{index:05d}.xml").getroot()
        mentions = {(int(m.get("start")), int(m.get("end"))): m.get("id")
                    for m in root.iterfind("sk:mentions/sk:mention", NS)}
        stances = list(root.iterfind("sk:stances/sk:stance", NS))
        compound = compounds[index]
        for target in row["targets"]:
            gold = gold_name.get(target["polarity"], "neutral")
            ours["targets"] += 1
            vader["targets"] += 1
            mention = mentions.get((target["from"], target["to"]))
            if mention is not None:
                ours["found"] += 1
            polarities = [s.get("polarity") for s in stances if mention is not None and s.get("target") == mention]
            if polarities:
                ours["covered"] += 1
                score = polarities.count("favor") - polarities.count("against")
                predicted = "favor" if score > 0 else "against" if score < 0 else polarities[0]
                if gold != "neutral":
                    ours["scored"] += 1
                    ours["correct"] += predicted == gold
                else:
                    ours["neutral"] += 1
            predicted = "favor" if compound >= 0.05 else "against" if compound <= -0.05 else None
            if predicted:
                vader["covered"] += 1
                if gold != "neutral":
                    vader["scored"] += 1
                    vader["correct"] += predicted == gold
                else:
                    vader["neutral"] += 1

    def pct(a, b):
        return f"{100.0 * a / b:.1f}%" if b else "n/a"

    print(f"NewsMTSC devtest_rw: {len(rows)} sentences, {ours['targets']} targets; stancekit: {summary}")
    print(f"target mentions found by the rules: {ours['found']} ({pct(ours['found'], ours['targets'])})")
    print("| system | coverage (targets with a stance) | accuracy on covered pos/neg targets | covered but gold neutral |")
    print("|---|---|---|---|")
    for name, c in (("StanceKit + english-cues.yaml", ours), ("VADER compound (peer)", vader)):
        print(f"| {name} | {pct(c['covered'], c['targets'])} ({c['covered']}/{c['targets']}) | "
              f"{pct(c['correct'], c['scored'])} ({c['correct']}/{c['scored']}) | {c['neutral']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
