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
        // Nearly every text holds only characters XML 1.0 can carry, and writing it finds out
        // at no extra pass; the rare one that does not is written again from a copy with U+FFFD
        // in their place, whose text then passes.
        if let bytes = write(document, declaration: declaration) { return bytes }
        guard let bytes = write(document.replacingNonXMLCharacters(), declaration: declaration) else {
            preconditionFailure("a text with its non-XML characters replaced still holds one")
        }
        return bytes
    }

    /// The XML of `document`, or `nil` (having written part of it) when its text holds a
    /// character XML 1.0 cannot carry.
    ///
    /// Names are literals (`StaticString`), copied from the binary; the text is escaped in one
    /// pass over its bytes, and each mention's or cue's surface is escaped straight from them,
    /// with no `String` made. Ids and paths have disallowed characters written as U+FFFD.
    /// - Complexity: O(n + a) for n bytes of text and a annotations: about 5 instructions a byte
    ///   of text.
    private func write(_ document: AnnotatedDocument, declaration: Bool) -> [UInt8]? {
        let source = document.source
        let converter = OffsetConverter(text: source.text)
        let unit = offsetUnit
        var text = source.text
        return text.withUTF8 { textBytes -> [UInt8]? in
            /// The bytes of `span` (UTF-8 offsets) in the text.
            func surface(_ span: Span) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: textBytes[span.start..<span.end])
            }
            // The writer is a local struct, never captured by a closure, so that its appends
            // need no exclusivity checks at run time.
            var writer = XMLByteWriter(capacity: 2 * textBytes.count + 4096)
            if declaration { writer.startDocument() }
            writer.startElement("document")
            writer.attribute("xmlns", NativeXMLExporter.namespace)
            writer.attribute("id", replacingDisallowed: source.id)
            writer.attribute("offsetUnit", unit.rawValue)
            writer.attribute("generator", generator)

            writer.startElement("source")
            writer.attribute("path", replacingDisallowed: source.path)
            writer.attribute("sha256", source.sha256)
            writer.attribute("length", converter.offset(converter.utf8Count, in: unit))
            if source.replacements.invalidUTF8 > 0 {
                writer.attribute("replacedInvalidUTF8", source.replacements.invalidUTF8)
            }
            if source.replacements.nonXMLCharacters > 0 {
                writer.attribute("replacedNonXMLCharacters", source.replacements.nonXMLCharacters)
            }
            writer.endElement()
            writer.startElement("rules")
            writer.attribute("path", replacingDisallowed: rulesPath)
            writer.attribute("sha256", rulesSHA256)
            for include in includes {
                writer.startElement("include")
                writer.attribute("path", replacingDisallowed: include.path)
                writer.attribute("sha256", include.sha256)
                writer.endElement()
            }
            writer.endElement()

            writer.startElement("text")
            writer.attribute("xml:space", "preserve")
            guard writer.textIfAllowed(textBytes) else { return nil }
            writer.endElement()

            writer.startElement("sentences")
            for (index, sentence) in document.sentences.enumerated() {
                Self.startAnnotation("s", id: "s", index, sentence.span, converter, unit, &writer)
                writer.endElement()
            }
            writer.endElement()

            writer.startElement("mentions")
            for (index, mention) in document.mentions.enumerated() {
                Self.startAnnotation("mention", id: "m", index, mention.span, converter, unit, &writer)
                writer.attribute("type", mention.type)
                if let entity = mention.entity {
                    writer.attribute("entity", entity)
                } else {
                    writer.attribute("candidates", mention.candidates.joined(separator: " "))
                }
                writer.attribute("kind", mention.kind.rawValue)
                writer.attribute("rule", mention.rule.label)
                if mention.rule.line > 0 { writer.attribute("line", mention.rule.line) }
                writer.text(surface(mention.span))
                writer.endElement()
            }
            writer.endElement()

            writer.startElement("quotes")
            for (index, quote) in document.quotes.enumerated() {
                Self.startAnnotation("quote", id: "q", index, quote.span, converter, unit, &writer)
                writer.attribute("kind", quote.kind.rawValue)
                if let speaker = quote.speaker {
                    writer.attribute("speaker", prefix: "m", speaker + 1)
                    if let entity = document.mentions[speaker].entity { writer.attribute("speakerEntity", entity) }
                }
                if let attribution = quote.attribution {
                    writer.attribute("attributionStart", converter.offset(attribution.start, in: unit))
                    writer.attribute("attributionEnd", converter.offset(attribution.end, in: unit))
                }
                writer.endElement()
            }
            writer.endElement()

            writer.startElement("stances")
            for (index, stance) in document.stances.enumerated() {
                let holder = document.mentions[stance.holder]
                let target = document.mentions[stance.target]
                writer.startElement("stance")
                writer.attribute("id", prefix: "st", index + 1)
                writer.attribute("holder", prefix: "m", stance.holder + 1)
                writer.attribute("holderEntity", holder.entity ?? "")
                writer.attribute("target", prefix: "m", stance.target + 1)
                writer.attribute(target.kind == .topic ? "targetTopic" : "targetEntity", target.entity ?? "")
                writer.attribute("polarity", stance.polarity.rawValue)
                writer.attribute("cueStart", converter.offset(stance.cue.start, in: unit))
                writer.attribute("cueEnd", converter.offset(stance.cue.end, in: unit))
                writer.attribute("negated", stance.negated ? "true" : "false")
                writer.attribute("rule", stance.rule.label)
                if stance.rule.line > 0 { writer.attribute("line", stance.rule.line) }
                writer.attribute("holderVia", stance.holderSource.rawValue)
                writer.attribute("targetVia", stance.targetSource.rawValue)
                if let quote = stance.quote { writer.attribute("quote", prefix: "q", quote + 1) }
                writer.text(surface(stance.cue))
                writer.endElement()
            }
            writer.endElement()

            writer.endElement()
            return writer.finish()
        }
    }

    /// Starts `<name id="prefix(index + 1)" start=… end=…` for an annotation with a span.
    private static func startAnnotation(
        _ name: StaticString, id prefix: StaticString, _ index: Int, _ span: Span, _ converter: OffsetConverter,
        _ unit: OffsetUnit, _ writer: inout XMLByteWriter
    ) {
        writer.startElement(name)
        writer.attribute("id", prefix: prefix, index + 1)
        writer.attribute("start", converter.offset(span.start, in: unit))
        writer.attribute("end", converter.offset(span.end, in: unit))
    }

    /// The start and the end of a bundle file (`<corpus>`, schema element `corpus`): a bundle is
    /// `head`, then any number of ``export(_:declaration:)`` outputs written without declaration,
    /// then `tail`.
    /// - Parameters:
    ///   - source: the JSON Lines file the documents come from, recorded in `source`.
    ///   - shard: the part of the input (`I/N`), when only a shard is written.
    public func bundle(source: String, shard: String?) throws -> (head: [UInt8], tail: [UInt8]) {
        var writer = XMLByteWriter()
        writer.startDocument()
        writer.startElement("corpus")
        writer.attribute("xmlns", NativeXMLExporter.namespace)
        writer.attribute("source", replacingDisallowed: source)
        writer.attribute("offsetUnit", offsetUnit.rawValue)
        writer.attribute("generator", generator)
        if let shard { writer.attribute("shard", shard) }
        writer.text("\n")
        let bytes = writer.finish()
        let tail = Array("</corpus>\n".utf8)
        return (Array(bytes.dropLast(tail.count)), tail)
    }
}
