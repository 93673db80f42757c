/// Writes an ``AnnotatedDocument`` as one line of JSON, for pipelines (`annotate --out -`).
///
/// The line holds the document id, the SHA-256 of its text, the offset unit, and its mentions,
/// quotes and stances with the same attributes as the native XML (ids `m1`, `q1`, `st1` refer
/// across the line). Offsets count in ``offsetUnit``; the text itself is not repeated.
public struct JSONLinesExporter: Sendable {
    public var offsetUnit: OffsetUnit
    public var rulesSHA256: String

    public init(offsetUnit: OffsetUnit = .codepoint, rules: RuleSet) {
        self.offsetUnit = offsetUnit
        self.rulesSHA256 = rules.sha256
    }

    /// The JSON object and a final line feed, as UTF-8.
    /// - Complexity: O(n + a log n) for n bytes of text and a annotations.
    public func line(for document: AnnotatedDocument) -> [UInt8] {
        let converter = OffsetConverter(text: document.source.text)
        var out = JSONWriter()
        func offset(_ byte: Int) -> Int { converter.offset(byte, in: offsetUnit) }
        /// Opens an annotation's object with its `id`, `start` and `end`.
        func open(_ id: String, _ span: Span) {
            out.element()
            out.open("{")
            out.member("id", id)
            out.member("start", offset(span.start))
            out.member("end", offset(span.end))
        }
        out.open("{")
        out.member("id", document.source.id)
        out.member("sha256", document.source.sha256)
        out.member("offsetUnit", offsetUnit.rawValue)
        out.member("rulesSha256", rulesSHA256)
        out.key("sentences")
        out.open("[")
        for sentence in document.sentences {
            out.element()
            out.raw("[\(offset(sentence.span.start)),\(offset(sentence.span.end))]")
        }
        out.close("]")
        out.key("mentions")
        out.open("[")
        for (index, mention) in document.mentions.enumerated() {
            open("m\(index + 1)", mention.span)
            out.member("type", mention.type)
            if let entity = mention.entity {
                out.member("entity", entity)
            } else {
                out.member("candidates", mention.candidates)
            }
            out.member("kind", mention.kind.rawValue)
            out.member("rule", mention.rule.label)
            if mention.rule.line > 0 { out.member("line", mention.rule.line) }
            out.member("text", document.source.surface(mention.span))
            out.close("}")
        }
        out.close("]")
        out.key("quotes")
        out.open("[")
        for (index, quote) in document.quotes.enumerated() {
            open("q\(index + 1)", quote.span)
            out.member("kind", quote.kind.rawValue)
            if let speaker = quote.speaker {
                out.member("speaker", "m\(speaker + 1)")
                if let entity = document.mentions[speaker].entity { out.member("speakerEntity", entity) }
            }
            if let attribution = quote.attribution {
                out.member("attributionStart", offset(attribution.start))
                out.member("attributionEnd", offset(attribution.end))
            }
            out.close("}")
        }
        out.close("]")
        out.key("stances")
        out.open("[")
        for (index, stance) in document.stances.enumerated() {
            let target = document.mentions[stance.target]
            out.element()
            out.open("{")
            out.member("id", "st\(index + 1)")
            out.member("holder", "m\(stance.holder + 1)")
            out.member("holderEntity", document.mentions[stance.holder].entity ?? "")
            out.member("target", "m\(stance.target + 1)")
            out.member(target.kind == .topic ? "targetTopic" : "targetEntity", target.entity ?? "")
            out.member("polarity", stance.polarity.rawValue)
            out.member("cueStart", offset(stance.cue.start))
            out.member("cueEnd", offset(stance.cue.end))
            out.member("cue", document.source.surface(stance.cue))
            out.member("negated", stance.negated)
            out.member("rule", stance.rule.label)
            if stance.rule.line > 0 { out.member("line", stance.rule.line) }
            out.member("holderVia", stance.holderSource.rawValue)
            out.member("targetVia", stance.targetSource.rawValue)
            if let quote = stance.quote { out.member("quote", "q\(quote + 1)") }
            out.close("}")
        }
        out.close("]")
        out.close("}")
        out.bytes.append(0x0A)
        return out.bytes
    }
}

/// A small, fast JSON writer: strings escaped per RFC 8259, members separated by commas.
struct JSONWriter {
    var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    mutating func open(_ bracket: Character) {
        bytes.append(bracket.asciiValue!)
        needsComma.append(false)
    }

    mutating func close(_ bracket: Character) {
        bytes.append(bracket.asciiValue!)
        needsComma.removeLast()
    }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Starts a new array element or object member.
    mutating func element() {
        if needsComma.last == true { bytes.append(UInt8(ascii: ",")) }
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = true }
    }

    mutating func key(_ name: String) {
        element()
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func member(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    mutating func member(_ name: String, _ value: Int) {
        key(name)
        raw(String(value))
    }

    mutating func member(_ name: String, _ value: Bool) {
        key(name)
        raw(value ? "true" : "false")
    }

    mutating func member(_ name: String, _ values: [String]) {
        key(name)
        open("[")
        for value in values {
            element()
            string(value)
        }
        close("]")
    }

    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: Array("\\n".utf8))
            case 0x0D: bytes.append(contentsOf: Array("\\r".utf8))
            case 0x09: bytes.append(contentsOf: Array("\\t".utf8))
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
