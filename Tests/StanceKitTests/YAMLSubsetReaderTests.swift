import Foundation
import StanceKit
import Testing

/// The subset reader must give the tree Yams composes (strings, styles, lines, columns) for every
/// text it accepts, and give up on the rest.
@Suite struct YAMLSubsetReaderTests {
    /// Compares the reader with Yams on `text`; `nil` when the reader gave up.
    static func compare(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool? {
        let ours = YAMLSubsetReader.read(text)
        let theirs = Result { try RuleNode.composedByYams(text) }
        switch ours {
        case .unsupported:
            return nil
        case .empty:
            #expect((try? theirs.get()) == .some(nil), "\(text.debugDescription)", sourceLocation: sourceLocation)
        case .node(let node):
            switch theirs {
            case .success(let yams):
                #expect(yams == node, "\(text.debugDescription)", sourceLocation: sourceLocation)
            case .failure(let error):
                Issue.record(
                    "accepted what Yams rejects (\(error)): \(text.debugDescription)", sourceLocation: sourceLocation)
            }
        }
        return true
    }

    @Test func theProjectsRuleFilesAreReadAsYamsReadsThem() throws {
        for file in ["rules/summit.yaml", "rules/english-cues.yaml"] {
            let text = Project.text(file)
            #expect(!text.isEmpty, "\(file) is missing")
            #expect(YAMLSubsetReaderTests.compare(text) == true, "\(file): the reader gave up")
        }
    }

    @Test(arguments: [
        // A gazetteer line as bench/throughput.py writes it, with escapes and non-ASCII.
        "entities:\n  - {id: \"geo-1\", type: GPE, name: \"Zīr Āb\", aliases: [\"Bala \\\"Zirab\\\"\", \"Zīrāb\"]}\n",
        // Compact mappings in a list, comments and blank lines everywhere.
        "# head\nversion: 1\n\nentities:   # list\n  - id: a   # trailing\n    type: PERSON\n\n    name: 'It''s 👍🏽'\n  - id: b\n    aliases: [x, \"y\", 'z']\n",
        // A list at its key's indentation, then the next key.
        "stance:\n  cues:\n  - id: c\n    words: [urge]\n  negators: [not]\nversion: 1\n",
        // Plain scalars with inner spaces, '#', commas and brackets (block context), é as e + U+0301.
        "a: x y  z\nb: C# and F#\nc: one, two [three]\nd: Cafe\u{301} au lait\n",
        // Nested lists, a value on the next line, deeper indentation, quoted keys, escapes.
        "- - a\n  - b\n- c\n-\n  d\n- \"k\": \"\\u00e9\\t\\x41\\U0001F600\"\n",
        "key:\n    deep: value\nother:    spaced\n",
        "{a: [1, 2], b: {c: d}}\n",
        // Flow collections over several lines, with comments, at any indentation (as libyaml).
        "a: [b,   # first\n  c,\nd\n  ]\ne: {f: g,\n   h: i}\n",
        "# nothing but a comment\n\n",
    ])
    func supportedTextsAreRead(_ text: String) {
        #expect(YAMLSubsetReaderTests.compare(text) == true, "the reader gave up on \(text.debugDescription)")
    }

    @Test(arguments: [
        "a: &x 1\nb: *x\n", "a: !tag v\n", "a: |\n  text\n", "a: >\n  text\n", "a: one\n  two\n", "a:\nb: c\n",
        "a: 1\na: 2\n", "{a: 1, a: 2}\n", "a:\tb\n", "a: b\r\n", "---\na: b\n", "a: b\n...\n", "%YAML 1.1\n---\na\n",
        "a: [\n---\n]\n", "a: \"b\n  c\"\n", "[a: b]\n", "a: [b:c]\n", "a: b: c\n", "  a: b\n c: d\n", "a: \"\\q\"\n",
        "a: '\u{85}'\n", "a: \"\\uFEFFx\"\n", "\"\\uFEFFa\": 1\n\"a\": 2\n",
        // Keys of 1,024 characters or more up to their `:` (libyaml's limit), however short their value.
        "a" + String(repeating: " ", count: 1030) + ": b\n", "{a" + String(repeating: " ", count: 1030) + ": b}\n",
        "\"" + String(repeating: "\\x41", count: 300) + "\": b\n", "'" + String(repeating: "''", count: 600) + "': b\n",
        "a: b\u{2028}c\n", "- a\nb: c\n", "a: \"x\" y\n", "? a\n: b\n", "a: -x\n", "a: \"b\"#c\n",
    ])
    func otherTextsAreLeftToYams(_ text: String) {
        #expect(YAMLSubsetReader.read(text) == .unsupported, "\(text.debugDescription)")
    }

    /// Random rule-file-like texts, and the same texts with one character inserted or removed:
    /// whenever the reader accepts one, its tree must be Yams's.
    @Test func randomTextsGiveYamsTreesOrNothing() {
        var random = SplitMix(seed: 20_261_121)
        var accepted = 0
        let total = 3000
        for round in 0..<total {
            var text = RandomYAML.document(&random)
            if round % 2 == 1 {
                var scalars = Array(text.unicodeScalars)
                let at = Int(random.next() % UInt64(scalars.count + 1))
                if random.next() % 3 == 0, at < scalars.count {
                    scalars.remove(at: at)
                } else {
                    let noise: [Unicode.Scalar] = [
                        ":", "#", "-", " ", "\t", "'", "\"", "[", "]", "{", "}", ",", "\n", "&", "?", "\\", "é", "\r",
                    ]
                    scalars.insert(noise[Int(random.next() % UInt64(noise.count))], at: at)
                }
                text = String(String.UnicodeScalarView(scalars))
            }
            if YAMLSubsetReaderTests.compare(text) == true { accepted += 1 }
        }
        // Most unmutated texts are in the subset: a reader that always gave up would fail here.
        #expect(accepted > total / 3, "accepted \(accepted) of \(total)")
    }

    @Test func theRuleParserGivesTheSameDiagnosticsOnBothPaths() {
        // The same rule problems, once in the subset and once with an anchor that sends it to Yams.
        let subset =
            "version: 1\nentities:\n  - id: a\n    type: PERSON\n    nmae: Ann\n  - {id: b, type: 'G P E', name: B}\n"
        let yams = subset.replacingOccurrences(of: "version: 1", with: "version: &v 1")
        #expect(YAMLSubsetReader.read(subset) != .unsupported)
        #expect(YAMLSubsetReader.read(yams) == .unsupported)
        let first = Project.diagnostics(subset)
        #expect(first.count == 3, "\(first)")
        #expect(first == Project.diagnostics(yams))
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
}

/// Rule-file-like YAML: block and flow collections, every scalar style, comments and odd spacing.
enum RandomYAML {
    static let words = [
        "Lavrov", "Sergei Lavrov", "U.S.", "a  b", "C#", "AT&T", "50%", "a, b", "[x]", "what?", "null", "~", "yes",
        "Zīr Āb", "👍🏽", "e\u{301}", "it's", "x #y", "x: y", "-x", "a:b", "ok.", "\u{A0}nbsp",
    ]

    static func scalar(_ random: inout SplitMix, flow: Bool) -> String {
        let word = random.pick(words)
        switch random.next() % 4 {
        case 0:
            let escaped = word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            let escape = random.pick(["", "", "\\n", "\\t", "\\u00e9", "\\x41", "\\U0001F600", "\\/", "\\0", "\\e"])
            return "\"\(escaped)\(escape)\""
        case 1: return "'\(word.replacingOccurrences(of: "'", with: "''"))'"
        default: return word
        }
    }

    static func flow(_ random: inout SplitMix, depth: Int) -> String {
        switch depth > 1 ? 0 : random.next() % 3 {
        case 0: return scalar(&random, flow: true)
        case 1:
            let items = (0..<Int(random.next() % 4)).map { _ in flow(&random, depth: depth + 1) }
            return "[" + items.joined(separator: random.pick([", ", ",", " , ", ",\n  ", "\n, ", ", # c\n", ",\n"]))
                + "]"
        default:
            let pairs = (0..<Int(random.next() % 4)).map { i in
                "k\(i): " + flow(&random, depth: depth + 1)
            }
            return "{" + pairs.joined(separator: random.pick([", ", ",\n    ", ",\n"])) + "}"
        }
    }

    static func comment(_ random: inout SplitMix) -> String {
        random.next() % 4 == 0 ? random.pick(["  # note", " #", "\t# tab"]) : ""
    }

    /// A block node at `indent`, as the lines after a key (or at the top).
    static func block(_ random: inout SplitMix, indent: Int, depth: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        let step = random.pick([2, 2, 4, 3])
        switch depth > 2 ? 2 : random.next() % 3 {
        case 0:
            var lines: [String] = []
            for i in 0..<(1 + Int(random.next() % 3)) {
                let key = random.pick(["id", "name", "aliases", "k\(i)", "\"q\(i)\"", "type", "'é \(i)'", "k\(i) "])
                if random.next() % 3 == 0 {
                    lines.append("\(pad)\(key):" + comment(&random))
                    lines += block(&random, indent: indent + step, depth: depth + 1)
                } else {
                    lines.append("\(pad)\(key): " + flow(&random, depth: 0) + comment(&random))
                }
                if random.next() % 5 == 0 { lines.append(random.pick(["", "# between", "   "])) }
            }
            return lines
        case 1:
            var lines: [String] = []
            for _ in 0..<(1 + Int(random.next() % 3)) {
                if random.next() % 2 == 0 {
                    let inner = block(&random, indent: indent + 2, depth: depth + 1)
                    let first = inner[0].dropFirst(indent + 2)
                    lines.append("\(pad)- \(first)")
                    lines += inner.dropFirst()
                } else {
                    lines.append("\(pad)- " + flow(&random, depth: 0) + comment(&random))
                }
            }
            return lines
        default:
            return ["\(pad)" + flow(&random, depth: 0) + comment(&random)]
        }
    }

    static func document(_ random: inout SplitMix) -> String {
        block(&random, indent: 0, depth: 0).joined(separator: "\n") + (random.next() % 4 == 0 ? "" : "\n")
    }
}
