import StanceKit

/// Writes an ``AnnotatedDocument`` as StanceKit's native standoff XML (namespace
/// `urn:stancekit:standoff:1`, schema `schema/stancekit-standoff-1.xsd`).
///
/// The full text is carried in `<text>`; every annotation points into it with `start` and `end`
/// counted in the declared `offsetUnit` (half-open). Carriage returns are written as `&#13;` so a
/// parser does not fold CRLF into LF and shift later offsets.
public struct NativeXMLExporter: Sendable {
    /// The XML namespace of the format.
    public static let namespace = "urn:stancekit:standoff:1"

    public var offsetUnit: OffsetUnit
    /// The rule file's path and SHA-256, recorded in `<rules>`.
    public var rulesPath: String
    public var rulesSHA256: String
    /// The files the rule file includes, recorded in `<rules>`.
    public var includes: [RuleSource]
    /// Written in the `generator` attribute.
    public var generator: String

    public init(offsetUnit: OffsetUnit = .codepoint, rules: RuleSet, generator: String = "stancekit") {
        self.offsetUnit = offsetUnit
        self.rulesPath = rules.path
        self.rulesSHA256 = rules.sha256
        self.includes = rules.includes
        self.generator = generator
    }

    /// The UTF-8 bytes of the XML file.
    ///
    /// Characters XML 1.0 cannot carry are written as U+FFFD (see
    /// ``AnnotatedDocument/replacingNonXMLCharacters()``); offsets stay those of the original.
    /// - Complexity: O(n + a log n) for n bytes of text and a annotations.
    public func export(_ document: AnnotatedDocument) throws -> [UInt8] {
        try export(document, declaration: true)
    }

    /// The same, with or without the XML declaration: a bundle's documents go without it (see
    /// ``bundle(source:shard:)``).
    public func export(_ document: AnnotatedDocument, declaration: Bool) throws -> [UInt8] {
        let document = document.replacingNonXMLCharacters()
        let source = document.source
        let converter = OffsetConverter(text: source.text)
        func offset(_ byte: Int) -> String { String(converter.offset(byte, in: offsetUnit)) }

        let writer: some XMLWriting = XMLByteWriter(capacity: 2 * source.text.utf8.count + 4096)
        /// Starts `<name id=… start=… end=…` for an annotation with a span.
        func startAnnotation(_ name: String, id: String, _ span: Span) throws {
            try writer.startElement(name)
            try writer.attribute("id", id)
            try writer.attribute("start", offset(span.start))
            try writer.attribute("end", offset(span.end))
        }
        if declaration { try writer.startDocument() }
        try writer.startElement("document")
        try writer.attribute("xmlns", NativeXMLExporter.namespace)
        try writer.attribute("id", XMLCharacters.replacingDisallowed(source.id))
        try writer.attribute("offsetUnit", offsetUnit.rawValue)
        try writer.attribute("generator", generator)

        try writer.startElement("source")
        try writer.attribute("path", XMLCharacters.replacingDisallowed(source.path))
        try writer.attribute("sha256", source.sha256)
        try writer.attribute("length", offset(converter.utf8Count))
        if source.replacements.invalidUTF8 > 0 {
            try writer.attribute("replacedInvalidUTF8", source.replacements.invalidUTF8)
        }
        if source.replacements.nonXMLCharacters > 0 {
            try writer.attribute("replacedNonXMLCharacters", source.replacements.nonXMLCharacters)
        }
        try writer.endElement()
        try writer.startElement("rules")
        try writer.attribute("path", XMLCharacters.replacingDisallowed(rulesPath))
        try writer.attribute("sha256", rulesSHA256)
        for include in includes {
            try writer.emptyElement(
                "include", ["path": XMLCharacters.replacingDisallowed(include.path), "sha256": include.sha256])
        }
        try writer.endElement()

        try writer.startElement("text")
        try writer.attribute("xml:space", "preserve")
        try writer.text(source.text)
        try writer.endElement()

        try writer.startElement("sentences")
        for (index, sentence) in document.sentences.enumerated() {
            try writer.emptyElement(
                "s", ["id": "s\(index + 1)", "start": offset(sentence.span.start), "end": offset(sentence.span.end)])
        }
        try writer.endElement()

        try writer.startElement("mentions")
        for (index, mention) in document.mentions.enumerated() {
            try startAnnotation("mention", id: "m\(index + 1)", mention.span)
            try writer.attribute("type", mention.type)
            try writer.mentionAttributes(mention)
            try writer.text(source.surface(mention.span))
            try writer.endElement()
        }
        try writer.endElement()

        try writer.startElement("quotes")
        for (index, quote) in document.quotes.enumerated() {
            try startAnnotation("quote", id: "q\(index + 1)", quote.span)
            try writer.attribute("kind", quote.kind.rawValue)
            if let speaker = quote.speaker {
                try writer.attribute("speaker", "m\(speaker + 1)")
                if let entity = document.mentions[speaker].entity { try writer.attribute("speakerEntity", entity) }
            }
            if let attribution = quote.attribution {
                try writer.attribute("attributionStart", offset(attribution.start))
                try writer.attribute("attributionEnd", offset(attribution.end))
            }
            try writer.endElement()
        }
        try writer.endElement()

        try writer.startElement("stances")
        for (index, stance) in document.stances.enumerated() {
            let holder = document.mentions[stance.holder]
            let target = document.mentions[stance.target]
            try writer.startElement("stance")
            try writer.attribute("id", "st\(index + 1)")
            try writer.attribute("holder", "m\(stance.holder + 1)")
            try writer.attribute("holderEntity", holder.entity ?? "")
            try writer.attribute("target", "m\(stance.target + 1)")
            try writer.attribute(target.kind == .topic ? "targetTopic" : "targetEntity", target.entity ?? "")
            try writer.attribute("polarity", stance.polarity.rawValue)
            try writer.attribute("cueStart", offset(stance.cue.start))
            try writer.attribute("cueEnd", offset(stance.cue.end))
            try writer.attribute("negated", stance.negated ? "true" : "false")
            try writer.attribute("rule", stance.rule.label)
            if stance.rule.line > 0 { try writer.attribute("line", stance.rule.line) }
            try writer.attribute("holderVia", stance.holderSource.rawValue)
            try writer.attribute("targetVia", stance.targetSource.rawValue)
            if let quote = stance.quote { try writer.attribute("quote", "q\(quote + 1)") }
            try writer.text(source.surface(stance.cue))
            try writer.endElement()
        }
        try writer.endElement()

        try writer.endElement()
        return try writer.finish()
    }

    /// The start and the end of a bundle file (`<corpus>`, schema element `corpus`): a bundle is
    /// `head`, then any number of ``export(_:declaration:)`` outputs written without declaration,
    /// then `tail`.
    /// - Parameters:
    ///   - source: the JSON Lines file the documents come from, recorded in `source`.
    ///   - shard: the part of the input (`I/N`), when only a shard is written.
    public func bundle(source: String, shard: String?) throws -> (head: [UInt8], tail: [UInt8]) {
        let writer = XMLByteWriter()
        writer.startDocument()
        writer.startElement("corpus")
        writer.attribute("xmlns", NativeXMLExporter.namespace)
        writer.attribute("source", XMLCharacters.replacingDisallowed(source))
        writer.attribute("offsetUnit", offsetUnit.rawValue)
        writer.attribute("generator", generator)
        if let shard { writer.attribute("shard", shard) }
        writer.text("\n")
        let bytes = writer.finish()
        let tail = Array("</corpus>\n".utf8)
        return (Array(bytes.dropLast(tail.count)), tail)
    }
}
