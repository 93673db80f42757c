import StanceKit

/// Writes UIMA CAS XMI (XML 1.0), the format INCEpTION imports as "UIMA CAS XMI (XML 1.0)" and
/// dkpro-cassis loads with `load_cas_from_xmi`, together with the type system it needs
/// (``typeSystem()``, written once as `TypeSystem.xml` beside the `.xmi` files).
///
/// Offsets (`begin`, `end`) are **UTF-16 code units**, as in Java; the text is the sofa string,
/// with line feeds, carriage returns and tabs escaped so that no parser normalises them.
///
/// The CAS holds DKPro Core `Sentence` and `Token` annotations (tokens as the engine splits them)
/// and three custom layers in INCEpTION's namespace `http:///webanno/custom.ecore`:
///
/// | type | spans | features |
/// |---|---|---|
/// | `webanno.custom.StanceKitMention` | a mention | `label` (`PERSON`, `ORG`, `TOPIC`, …), `entity`, `candidates` (space-separated, when ambiguous), `kind`, `rule`, `line` |
/// | `webanno.custom.StanceKitQuote` | a quote | `kind`, `speakerEntity`, `attribution` (its surface), `speaker`: a slot (link feature) with role `speaker` pointing at the speaker's mention |
/// | `webanno.custom.StanceKitStance` | a stance's cue | `polarity`, `negated` (Boolean), `rule`, `line`, `holderEntity`, `targetEntity` or `targetTopic`, `holderVia`, `targetVia`, `arguments`: a slot with roles `holder` and `target` pointing at mentions |
///
/// Every feature is a primitive or a slot (an `FSArray` of a link type with `role` and `target`),
/// which is what INCEpTION accepts for span layers, so importing `TypeSystem.xml` in a project's
/// layer settings creates the three layers.
public struct XMIExporter: DocumentExporter {
    /// INCEpTION's namespace for custom layers.
    public static let customNamespace = "http:///webanno/custom.ecore"
    public static let mentionType = "webanno.custom.StanceKitMention"
    public static let quoteType = "webanno.custom.StanceKitQuote"
    public static let stanceType = "webanno.custom.StanceKitStance"
    public static let quoteSpeakerLinkType = "webanno.custom.StanceKitQuoteSpeakerLink"
    public static let stanceArgumentsLinkType = "webanno.custom.StanceKitStanceArgumentsLink"
    public static let sentenceType = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"
    public static let tokenType = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"

    private static let segmentationNamespace = "http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore"

    public init() {}

    /// The UTF-8 bytes of the XMI file.
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
        func utf16(_ byte: Int) -> String { String(converter.offset(byte, in: .utf16)) }

        var writer = try XMLTextWriter()
        try writer.startDocument()
        try writer.startElement("xmi:XMI")
        try writer.attribute("xmlns:xmi", "http://www.omg.org/XMI")
        try writer.attribute("xmlns:cas", "http:///uima/cas.ecore")
        try writer.attribute("xmlns:tcas", "http:///uima/tcas.ecore")
        try writer.attribute("xmlns:segmentation", Self.segmentationNamespace)
        try writer.attribute("xmlns:custom", Self.customNamespace)
        try writer.attribute("xmi:version", "2.0")
        try writer.emptyElement("cas:NULL", ["xmi:id": "0"])
        let sofa = "1"
        try writer.emptyElement(
            "cas:Sofa",
            ["xmi:id": sofa, "sofaNum": "1", "sofaID": "_InitialView", "mimeType": "text", "sofaString": source.text])

        var nextID = 2
        var members: [String] = []
        /// Starts an annotation element with its id, sofa and offsets; the caller adds features.
        func startAnnotation(_ element: String, _ span: Span) throws -> String {
            let id = String(nextID)
            nextID += 1
            members.append(id)
            try writer.startElement(element)
            try writer.attribute("xmi:id", id)
            try writer.attribute("sofa", sofa)
            try writer.attribute("begin", utf16(span.start))
            try writer.attribute("end", utf16(span.end))
            return id
        }

        _ = try startAnnotation("tcas:DocumentAnnotation", Span(start: 0, end: converter.utf8Count))
        try writer.attribute("language", "x-unspecified")
        try writer.endElement()
        for sentence in document.sentences {
            _ = try startAnnotation("segmentation:Sentence", sentence.span)
            try writer.endElement()
        }
        for token in tokenSpans(of: source.text) {
            _ = try startAnnotation("segmentation:Token", token)
            try writer.endElement()
        }

        var mentionIDs: [String] = []
        for mention in document.mentions {
            mentionIDs.append(try startAnnotation("custom:StanceKitMention", mention.span))
            try writer.attribute("label", mention.type)
            try writer.mentionAttributes(mention)
            try writer.endElement()
        }

        /// Link feature structures (not annotations, so not view members), written after the
        /// annotations that point at them.
        var links: [(id: String, type: String, role: String, target: String)] = []
        func link(_ type: String, _ role: String, _ mention: Int) -> String {
            let id = String(nextID)
            nextID += 1
            links.append((id, type, role, mentionIDs[mention]))
            return id
        }

        for quote in document.quotes {
            _ = try startAnnotation("custom:StanceKitQuote", quote.span)
            try writer.attribute("kind", quote.kind.rawValue)
            if let speaker = quote.speaker {
                if let entity = document.mentions[speaker].entity { try writer.attribute("speakerEntity", entity) }
                try writer.attribute("speaker", link("custom:StanceKitQuoteSpeakerLink", "speaker", speaker))
            }
            if let attribution = quote.attribution {
                try writer.attribute("attribution", source.surface(attribution))
            }
            try writer.endElement()
        }
        for stance in document.stances {
            let target = document.targetFeature(of: stance)
            _ = try startAnnotation("custom:StanceKitStance", stance.cue)
            try writer.attribute("polarity", stance.polarity.rawValue)
            try writer.attribute("negated", stance.negated ? "true" : "false")
            try writer.attribute("rule", stance.rule.label)
            if stance.rule.line > 0 { try writer.attribute("line", stance.rule.line) }
            try writer.attribute("holderEntity", document.mentions[stance.holder].entity ?? "")
            try writer.attribute(target.name, target.value)
            try writer.attribute("holderVia", stance.holderSource.rawValue)
            try writer.attribute("targetVia", stance.targetSource.rawValue)
            let holder = link("custom:StanceKitStanceArgumentsLink", "holder", stance.holder)
            let targetLink = link("custom:StanceKitStanceArgumentsLink", "target", stance.target)
            try writer.attribute("arguments", "\(holder) \(targetLink)")
            try writer.endElement()
        }
        for link in links {
            try writer.emptyElement(link.type, ["xmi:id": link.id, "role": link.role, "target": link.target])
        }

        try writer.emptyElement("cas:View", ["sofa": sofa, "members": members.joined(separator: " ")])
        try writer.endElement()
        return try writer.finish()
    }

    private struct Feature {
        var name: String
        var range: String
        var elementType: String?
        var description: String
    }

    private struct TypeDescription {
        var name: String
        var description: String
        var supertype: String
        var features: [Feature]
    }

    private static let types: [TypeDescription] = {
        func string(_ name: String, _ description: String) -> Feature {
            Feature(name: name, range: "uima.cas.String", description: description)
        }
        let line = Feature(
            name: "line", range: "uima.cas.Integer", description: "The rule-file line that produced it.")
        /// A link type of a slot feature: exactly a `role` string and a `target` mention, as
        /// INCEpTION requires.
        func link(_ name: String, _ description: String, roles: String, target: String) -> TypeDescription {
            TypeDescription(
                name: name, description: description, supertype: "uima.cas.TOP",
                features: [
                    string("role", roles), Feature(name: "target", range: mentionType, description: target),
                ])
        }
        return [
            TypeDescription(
                name: sentenceType, description: "A sentence.", supertype: "uima.tcas.Annotation", features: []),
            TypeDescription(
                name: tokenType, description: "A token as StanceKit splits text.", supertype: "uima.tcas.Annotation",
                features: []),
            TypeDescription(
                name: mentionType, description: "A mention of an entity or topic found by StanceKit.",
                supertype: "uima.tcas.Annotation",
                features: [
                    string("label", "The entity type (PERSON, ORG, GPE, …) or TOPIC."),
                    string("entity", "The entity or topic id; absent when the mention is ambiguous."),
                    string("candidates", "For an ambiguous mention, the space-separated candidate ids."),
                    string("kind", "name, descriptor, topic or pronoun."),
                    string("rule", "ENTITY:VARIANT, the rule that produced the mention."), line,
                ]),
            link(
                quoteSpeakerLinkType, "Links a quote to its speaker's mention.", roles: "speaker",
                target: "The speaker's mention."),
            TypeDescription(
                name: quoteType, description: "Quoted or reported speech.", supertype: "uima.tcas.Annotation",
                features: [
                    string("kind", "direct (quotation marks) or indirect (reported speech)."),
                    string("speakerEntity", "The speaker's entity id, when known."),
                    string("attribution", "The attribution verb or phrase (said, according to), when found."),
                    Feature(
                        name: "speaker", range: "uima.cas.FSArray", elementType: quoteSpeakerLinkType,
                        description: "The speaker's mention (role speaker)."),
                ]),
            link(
                stanceArgumentsLinkType, "Links a stance to its holder or target mention.", roles: "holder or target",
                target: "The holder's or target's mention."),
            TypeDescription(
                name: stanceType, description: "A stance, spanning its cue.", supertype: "uima.tcas.Annotation",
                features: [
                    string("polarity", "favor or against, after negation."),
                    Feature(
                        name: "negated", range: "uima.cas.Boolean", description: "Whether a negator flipped the cue."),
                    string("rule", "CUE:word, CUE:phrase or CUE:pattern."), line,
                    string("holderEntity", "The holder's entity id."),
                    string("targetEntity", "The target's entity id, when the target is an entity."),
                    string("targetTopic", "The target's topic id, when the target is a topic."),
                    string("holderVia", "How the holder was chosen."),
                    string("targetVia", "How the target was chosen."),
                    Feature(
                        name: "arguments", range: "uima.cas.FSArray", elementType: stanceArgumentsLinkType,
                        description: "The holder and target mentions (roles holder and target)."),
                ]),
        ]
    }()

    /// The UIMA type system description (`TypeSystem.xml`) of every type the XMI files use.
    ///
    /// - Throws: ``XMLError`` when libxml2 fails.
    public static func typeSystem() throws -> [UInt8] {
        let writer = try XMLTextWriter()
        try writer.startDocument()
        try writer.startElement("typeSystemDescription")
        try writer.attribute("xmlns", "http://uima.apache.org/resourceSpecifier")
        try element(writer, "name", "StanceKit")
        try element(writer, "description", "Mentions, quotes and stances written by stancekit.")
        try element(writer, "version", "1")
        try writer.startElement("types")
        for type in types {
            try writer.startElement("typeDescription")
            try element(writer, "name", type.name)
            try element(writer, "description", type.description)
            try element(writer, "supertypeName", type.supertype)
            if !type.features.isEmpty {
                try writer.startElement("features")
                for feature in type.features {
                    try writer.startElement("featureDescription")
                    try element(writer, "name", feature.name)
                    try element(writer, "description", feature.description)
                    try element(writer, "rangeTypeName", feature.range)
                    if let elementType = feature.elementType {
                        try element(writer, "elementType", elementType)
                        try element(writer, "multipleReferencesAllowed", "false")
                    }
                    try writer.endElement()
                }
                try writer.endElement()
            }
            try writer.endElement()
        }
        try writer.endElement()
        try writer.endElement()
        return try writer.finish()
    }

    private static func element(_ writer: XMLTextWriter, _ name: String, _ text: String) throws {
        try writer.startElement(name)
        try writer.text(text)
        try writer.endElement()
    }
}
