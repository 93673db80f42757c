import StanceKit

/// Writes one ``AnnotatedDocument`` as the bytes of one file in one format.
///
/// Every exporter keeps the source text unchanged and points into it with offsets in the unit its
/// format's readers count in; each conforming type documents its unit.
public protocol DocumentExporter: Sendable {
    /// - Throws: ``XMLError`` when libxml2 fails; ``DocumentError`` when the document cannot be
    ///   written.
    func export(_ document: AnnotatedDocument) throws -> [UInt8]
}

extension NativeXMLExporter: DocumentExporter {}

/// Where a document's annotations came from, recorded in the metadata of every export.
public struct ExportProvenance: Sendable, Hashable {
    /// The rule file's path, as given to the tool.
    public var rulesPath: String
    /// SHA-256 of the rule file's bytes, lowercase hex.
    public var rulesSHA256: String
    /// The tool and version that wrote the file (`stancekit 0.1.0`).
    public var generator: String
    /// The files the rule file includes, with their SHA-256 (recorded by the native XML).
    public var includes: [RuleSource]

    public init(rulesPath: String, rulesSHA256: String, generator: String, includes: [RuleSource] = []) {
        self.rulesPath = rulesPath
        self.rulesSHA256 = rulesSHA256
        self.generator = generator
        self.includes = includes
    }
}

extension AnnotatedDocument {
    /// The entity or topic id a stance target refers to, and the feature name for it
    /// (`targetTopic` for topics, `targetEntity` otherwise).
    func targetFeature(of stance: Stance) -> (name: String, value: String) {
        let target = mentions[stance.target]
        return (target.kind == .topic ? "targetTopic" : "targetEntity", target.entity ?? "")
    }
}
