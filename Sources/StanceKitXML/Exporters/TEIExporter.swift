import StanceKit

/// Writes TEI P5 with stand-off annotation (TEI 4.0 and later): the whole text in one
/// `<p xml:id="p1" xml:space="preserve">` and the annotations in `<standOff>`, each a `<span>`
/// whose `target` is `#string-range(p1,START,LENGTH)` with a feature structure (`<fs>`) beside it.
///
/// Offsets are **Unicode code points** (XPath characters) of the text exactly as it is in the
/// source, and the second number is a **length**, not an end. The text is not normalised (no NFC):
/// a tool that normalises it before resolving `string-range()` would shift the offsets. Carriage
/// returns are written `&#13;` so that CRLF survives the parse.
///
/// | `spanGrp/@type` | `span/@xml:id` | `fs` features |
/// |---|---|---|
/// | `sentences` | `s1`, `s2`, … | none |
/// | `mentions` (`span/@type` is the entity type or `TOPIC`) | `m1`, … | `entity` (or `candidates`), `kind`, `rule`, `line` |
/// | `quotes` | `q1`, … | `kind`, `speaker` (a mention's `xml:id`), `speakerEntity`, `attribution` |
/// | `stances` (the span is the cue) | `st1`, … | `holder` and `target` (mentions' `xml:id`s), `holderEntity`, `targetEntity` or `targetTopic`, `polarity`, `negated`, `rule`, `line`, `holderVia`, `targetVia`, `quote` |
///
/// Each annotation's `fs` has the `xml:id` of its span with the prefix `fs-` and is named by the
/// span's `ana`. The output validates against the `tei_all` RELAX NG schema.
public struct TEIExporter: DocumentExporter {
    public static let namespace = "http://www.tei-c.org/ns/1.0"

    public var provenance: ExportProvenance

    public init(provenance: ExportProvenance) {
        self.provenance = provenance
    }

    private enum Value {
        case string(String)
        case number(Int)
        case binary(Bool)
    }

    /// The UTF-8 bytes of the TEI file.
    ///
    /// Characters XML 1.0 cannot carry are written as U+FFFD (see
    /// ``StanceKit/AnnotatedDocument/replacingNonXMLCharacters()``); offsets do not move.
    ///
    /// - Throws: ``XMLError`` when libxml2 fails.
    /// - Complexity: O(n + a log n) for n bytes of text and a annotations.
    public func export(_ document: AnnotatedDocument) throws -> [UInt8] {
        let document = document.replacingNonXMLCharacters()
        let source = document.source
        let converter = OffsetConverter(text: source.text)
        func range(_ span: Span) -> String {
            let start = converter.offset(span.start, in: .codepoint)
            let end = converter.offset(span.end, in: .codepoint)
            return "#string-range(p1,\(start),\(end - start))"
        }

        var writer = try XMLTextWriter()
        try writer.startDocument()
        try writer.startElement("TEI")
        try writer.attribute("xmlns", Self.namespace)

        try writer.startElement("teiHeader")
        try writer.startElement("fileDesc")
        try writer.startElement("titleStmt")
        try Self.element(writer, "title", source.id)
        try writer.endElement()
        try writer.startElement("publicationStmt")
        try Self.element(writer, "p", "Annotated by \(provenance.generator) with the rules \(provenance.rulesPath).")
        try writer.endElement()
        try writer.startElement("sourceDesc")
        try Self.element(writer, "p", "\(source.path) (SHA-256 \(source.sha256))")
        try writer.endElement()
        try writer.endElement()
        try writer.startElement("encodingDesc")
        try writer.startElement("appInfo")
        try writer.startElement("application")
        let (name, version) = Self.nameAndVersion(provenance.generator)
        try writer.attribute("ident", XMLCharacters.replacingDisallowed(name))
        try writer.attribute("version", XMLCharacters.replacingDisallowed(version))
        try Self.element(writer, "label", name)
        try Self.element(writer, "desc", "rules \(provenance.rulesPath) (SHA-256 \(provenance.rulesSHA256))")
        try writer.endElement()
        try writer.endElement()
        try writer.endElement()
        try writer.endElement()

        try writer.startElement("text")
        try writer.startElement("body")
        try writer.startElement("p")
        try writer.attribute("xml:id", "p1")
        try writer.attribute("xml:space", "preserve")
        try writer.text(source.text)
        try writer.endElement()
        try writer.endElement()
        try writer.endElement()

        var structures: [(id: String, type: String, features: [(String, Value)])] = []
        func span(_ id: String, _ target: Span, type: String? = nil, _ features: [(String, Value)]?) throws {
            try writer.startElement("span")
            try writer.attribute("xml:id", id)
            if let type { try writer.attribute("type", type) }
            try writer.attribute("target", range(target))
            if let features {
                try writer.attribute("ana", "#fs-\(id)")
                structures.append(("fs-\(id)", "", features))
            }
            try writer.endElement()
        }

        try writer.startElement("standOff")
        try writer.attribute("type", "stancekit")

        try writer.startElement("spanGrp")
        try writer.attribute("type", "sentences")
        for (index, sentence) in document.sentences.enumerated() { try span("s\(index + 1)", sentence.span, nil) }
        try writer.endElement()

        try writer.startElement("spanGrp")
        try writer.attribute("type", "mentions")
        for (index, mention) in document.mentions.enumerated() {
            var features: [(String, Value)] = []
            if let entity = mention.entity {
                features.append(("entity", .string(entity)))
            } else {
                features.append(("candidates", .string(mention.candidates.joined(separator: " "))))
            }
            features.append(("kind", .string(mention.kind.rawValue)))
            features.append(("rule", .string(mention.rule.label)))
            if mention.rule.line > 0 { features.append(("line", .number(mention.rule.line))) }
            try span("m\(index + 1)", mention.span, type: mention.type, features)
            structures[structures.count - 1].type = "mention"
        }
        try writer.endElement()

        try writer.startElement("spanGrp")
        try writer.attribute("type", "quotes")
        for (index, quote) in document.quotes.enumerated() {
            var features: [(String, Value)] = [("kind", .string(quote.kind.rawValue))]
            if let speaker = quote.speaker {
                features.append(("speaker", .string("m\(speaker + 1)")))
                if let entity = document.mentions[speaker].entity {
                    features.append(("speakerEntity", .string(entity)))
                }
            }
            if let attribution = quote.attribution {
                features.append(("attribution", .string(source.surface(attribution))))
            }
            try span("q\(index + 1)", quote.span, features)
            structures[structures.count - 1].type = "quote"
        }
        try writer.endElement()

        try writer.startElement("spanGrp")
        try writer.attribute("type", "stances")
        for (index, stance) in document.stances.enumerated() {
            let target = document.targetFeature(of: stance)
            var features: [(String, Value)] = [
                ("holder", .string("m\(stance.holder + 1)")),
                ("holderEntity", .string(document.mentions[stance.holder].entity ?? "")),
                ("target", .string("m\(stance.target + 1)")),
                (target.name, .string(target.value)),
                ("polarity", .string(stance.polarity.rawValue)),
                ("negated", .binary(stance.negated)),
                ("rule", .string(stance.rule.label)),
            ]
            if stance.rule.line > 0 { features.append(("line", .number(stance.rule.line))) }
            features.append(("holderVia", .string(stance.holderSource.rawValue)))
            features.append(("targetVia", .string(stance.targetSource.rawValue)))
            if let quote = stance.quote { features.append(("quote", .string("q\(quote + 1)"))) }
            try span("st\(index + 1)", stance.cue, features)
            structures[structures.count - 1].type = "stance"
        }
        try writer.endElement()

        for structure in structures {
            try writer.startElement("fs")
            try writer.attribute("xml:id", structure.id)
            try writer.attribute("type", structure.type)
            for (name, value) in structure.features {
                try writer.startElement("f")
                try writer.attribute("name", name)
                switch value {
                case .string(let string):
                    try Self.element(writer, "string", string)
                case .number(let number):
                    try writer.emptyElement("numeric", ["value": String(number)])
                case .binary(let flag):
                    try writer.emptyElement("binary", ["value": flag ? "true" : "false"])
                }
                try writer.endElement()
            }
            try writer.endElement()
        }
        try writer.endElement()

        try writer.endElement()
        return try writer.finish()
    }

    /// Splits `stancekit 0.1.0` into the application's name and version (`0` when none is given).
    private static func nameAndVersion(_ generator: String) -> (String, String) {
        let parts = generator.split(separator: " ", maxSplits: 1).map(String.init)
        let name = parts.first.map { $0.isEmpty ? "stancekit" : $0 } ?? "stancekit"
        return (name, parts.count == 2 ? parts[1] : "0")
    }

    /// Writes `<name>text</name>`; characters XML 1.0 cannot carry (possible in paths and ids, never
    /// in the checked document text) become U+FFFD.
    private static func element(_ writer: XMLTextWriter, _ name: String, _ text: String) throws {
        try writer.startElement(name)
        try writer.text(XMLCharacters.replacingDisallowed(text))
        try writer.endElement()
    }
}
