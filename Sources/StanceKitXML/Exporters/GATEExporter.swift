import StanceKit

/// Writes GATE XML (`<GateDocument version="3">`), the format GATE Developer saves and loads and
/// gatenlp reads with `Document.load(path, fmt="gatexml")`; structure as gate-core's
/// `DocumentStaxUtils` writes it.
///
/// Offsets are **UTF-16 code units**, as in Java: the text is written inline in `<TextWithNodes>`
/// with a `<Node id="N"/>` at every annotation boundary, N being the boundary's UTF-16 offset, and
/// annotations name their start and end nodes. Readers place a node where it stands in the text,
/// so the ids always agree with the text. Carriage returns are written `&#13;` so that CRLF
/// survives the parse. The text is written without indentation, since `<TextWithNodes>` is mixed
/// content and any added whitespace would become part of the document.
///
/// Everything goes into the annotation set ``annotationSetName``; annotation ids are document-wide:
///
/// | type | from | features |
/// |---|---|---|
/// | `PERSON`, `ORG`, `GPE`, `TOPIC`, … | mentions | `entity` (or `candidates`, a list, when ambiguous), `kind`, `rule`, `line` |
/// | `Quote` | quotes | `kind`, `speaker` (the speaker mention's annotation id), `speakerEntity`, `attribution` (its surface) |
/// | `Stance` | stances, spanning the cue | `holder`, `holderEntity`, `target`, `targetEntity` or `targetTopic`, `polarity`, `negated`, `rule`, `line`, `holderVia`, `targetVia`, `quote` |
/// | `Sentence` | sentences | none |
///
/// `line`, `holder`, `target`, `speaker` and `quote` are `java.lang.Integer`; `negated` is the
/// string `true` or `false` (gatenlp 1.0.8 reads every `java.lang.Boolean` as true).
public struct GATEExporter: DocumentExporter {
    /// The name of the annotation set that holds every annotation.
    public static let annotationSetName = "stancekit"

    public var provenance: ExportProvenance

    public init(provenance: ExportProvenance) {
        self.provenance = provenance
    }

    private enum Value {
        case string(String)
        case integer(Int)
        case strings([String])
    }

    private struct Annotation {
        var id: Int
        var type: String
        var span: Span
        var features: [(String, Value)]
    }

    /// The UTF-8 bytes of the GATE XML file.
    ///
    /// Characters XML 1.0 cannot carry are written as U+FFFD (see
    /// ``StanceKit/AnnotatedDocument/replacingNonXMLCharacters()``); offsets do not move.
    ///
    /// - Throws: ``XMLError`` when libxml2 fails.
    /// - Complexity: O(n + a log a) for n bytes of text and a annotations.
    public func export(_ document: AnnotatedDocument) throws -> [UInt8] {
        let document = document.replacingNonXMLCharacters()
        let source = document.source
        let annotations = Self.annotations(of: document)
        let converter = OffsetConverter(text: source.text)

        var writer = try XMLTextWriter(indent: false)
        try writer.startDocument()
        try writer.startElement("GateDocument")
        try writer.attribute("version", "3")
        try writer.text("\n")

        try writer.startElement("GateDocumentFeatures")
        try writer.text("\n")
        let documentFeatures: [(String, Value)] = [
            ("MimeType", .string("text/plain")),
            ("stancekit.id", .string(source.id)),
            ("stancekit.source", .string(source.path)),
            ("stancekit.sourceSHA256", .string(source.sha256)),
            ("stancekit.rules", .string(provenance.rulesPath)),
            ("stancekit.rulesSHA256", .string(provenance.rulesSHA256)),
            ("stancekit.generator", .string(provenance.generator)),
        ]
        for (name, value) in documentFeatures {
            // Paths and ids may hold characters XML 1.0 cannot carry, like the text before it was copied.
            if case .string(let string) = value {
                try Self.feature(writer, name, .string(XMLCharacters.replacingDisallowed(string)))
            } else {
                try Self.feature(writer, name, value)
            }
        }
        try writer.endElement()
        try writer.text("\n")

        // The text, with a node at every boundary. Boundaries are UTF-8 offsets on scalar
        // boundaries, so every slice between two of them is whole characters.
        try writer.startElement("TextWithNodes")
        var boundaries = Set<Int>()
        for annotation in annotations {
            boundaries.insert(annotation.span.start)
            boundaries.insert(annotation.span.end)
        }
        let utf8 = source.text.utf8
        var position = utf8.startIndex
        var positionOffset = 0
        for boundary in boundaries.sorted() {
            let next = utf8.index(position, offsetBy: boundary - positionOffset)
            if next > position { try writer.text(String(source.text[position..<next])) }
            try writer.emptyElement("Node", ["id": String(converter.offset(boundary, in: .utf16))])
            position = next
            positionOffset = boundary
        }
        if position < utf8.endIndex { try writer.text(String(source.text[position...])) }
        try writer.endElement()
        try writer.text("\n")

        try writer.startElement("AnnotationSet")
        try writer.text("\n")
        try writer.endElement()
        try writer.text("\n")

        try writer.startElement("AnnotationSet")
        try writer.attribute("Name", Self.annotationSetName)
        try writer.text("\n")
        for annotation in annotations {
            try writer.startElement("Annotation")
            try writer.attribute("Id", annotation.id)
            try writer.attribute("Type", annotation.type)
            try writer.attribute("StartNode", converter.offset(annotation.span.start, in: .utf16))
            try writer.attribute("EndNode", converter.offset(annotation.span.end, in: .utf16))
            try writer.text("\n")
            for (name, value) in annotation.features { try Self.feature(writer, name, value) }
            try writer.endElement()
            try writer.text("\n")
        }
        try writer.endElement()
        try writer.text("\n")

        try writer.endElement()
        return try writer.finish()
    }

    /// Mentions first (annotation id = mention index), then quotes, stances and sentences.
    private static func annotations(of document: AnnotatedDocument) -> [Annotation] {
        let source = document.source
        var result: [Annotation] = []
        for mention in document.mentions {
            var features: [(String, Value)] = []
            if let entity = mention.entity {
                features.append(("entity", .string(entity)))
            } else {
                features.append(("candidates", .strings(mention.candidates)))
            }
            features.append(("kind", .string(mention.kind.rawValue)))
            features.append(("rule", .string(mention.rule.label)))
            if mention.rule.line > 0 { features.append(("line", .integer(mention.rule.line))) }
            result.append(Annotation(id: result.count, type: mention.type, span: mention.span, features: features))
        }
        let firstQuote = result.count
        for quote in document.quotes {
            var features: [(String, Value)] = [("kind", .string(quote.kind.rawValue))]
            if let speaker = quote.speaker {
                features.append(("speaker", .integer(speaker)))
                if let entity = document.mentions[speaker].entity {
                    features.append(("speakerEntity", .string(entity)))
                }
            }
            if let attribution = quote.attribution {
                features.append(("attribution", .string(source.surface(attribution))))
            }
            result.append(Annotation(id: result.count, type: "Quote", span: quote.span, features: features))
        }
        for stance in document.stances {
            let target = document.targetFeature(of: stance)
            var features: [(String, Value)] = [
                ("holder", .integer(stance.holder)),
                ("holderEntity", .string(document.mentions[stance.holder].entity ?? "")),
                ("target", .integer(stance.target)),
                (target.name, .string(target.value)),
                ("polarity", .string(stance.polarity.rawValue)),
                ("negated", .string(stance.negated ? "true" : "false")),
                ("rule", .string(stance.rule.label)),
            ]
            if stance.rule.line > 0 { features.append(("line", .integer(stance.rule.line))) }
            features.append(("holderVia", .string(stance.holderSource.rawValue)))
            features.append(("targetVia", .string(stance.targetSource.rawValue)))
            if let quote = stance.quote { features.append(("quote", .integer(firstQuote + quote))) }
            result.append(Annotation(id: result.count, type: "Stance", span: stance.cue, features: features))
        }
        for sentence in document.sentences {
            result.append(Annotation(id: result.count, type: "Sentence", span: sentence.span, features: []))
        }
        return result
    }

    /// `<Feature><Name className="java.lang.String">…</Name><Value className="…">…</Value></Feature>`.
    private static func feature(_ writer: XMLTextWriter, _ name: String, _ value: Value) throws {
        let className: String
        let text: String
        switch value {
        case .string(let string):
            (className, text) = ("java.lang.String", string)
        case .integer(let integer):
            (className, text) = ("java.lang.Integer", String(integer))
        case .strings(let strings):
            // A java.util.ArrayList as GATE serializes it: XStream XML inside an ObjectWrapper.
            let items = strings.map { "<string>\(escaped($0))</string>" }.joined()
            (className, text) = (
                "gate.corpora.ObjectWrapper",
                "<gate.corpora.ObjectWrapper><value class=\"list\">\(items)</value></gate.corpora.ObjectWrapper>"
            )
        }
        try writer.startElement("Feature")
        try writer.startElement("Name")
        try writer.attribute("className", "java.lang.String")
        try writer.text(name)
        try writer.endElement()
        try writer.startElement("Value")
        try writer.attribute("className", className)
        try writer.text(text)
        try writer.endElement()
        try writer.endElement()
        try writer.text("\n")
    }

    /// Escapes `&`, `<` and `>` for XML nested inside a feature value.
    private static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }
}
