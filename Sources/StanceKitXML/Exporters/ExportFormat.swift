import StanceKit

/// An output format of `stancekit annotate` and `stancekit export`.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// StanceKit's standoff XML (``NativeXMLExporter``): `NAME.xml`.
    case native
    /// GATE XML (``GATEExporter``): `NAME.gate.xml`.
    case gate
    /// UIMA CAS XMI (``XMIExporter``): `NAME.xmi`, and `TypeSystem.xml` in the output root.
    case xmi
    /// TEI P5 stand-off (``TEIExporter``): `NAME.tei.xml`.
    case tei
    /// brat standoff (``BratAnnotations``): `NAME.txt` and `NAME.ann`, and `annotation.conf` in the
    /// output root.
    case brat

    /// The extensions of the files one document gets, after its name.
    public var extensions: [String] {
        switch self {
        case .native: return ["xml"]
        case .gate: return ["gate.xml"]
        case .xmi: return ["xmi"]
        case .tei: return ["tei.xml"]
        case .brat: return ["txt", "ann"]
        }
    }

    /// Parses a comma-separated list such as `native,gate,xmi`, keeping the order and dropping
    /// repeats.
    ///
    /// - Returns: `nil` naming the first unknown format when there is one.
    public static func list(_ text: String) -> Result<[ExportFormat], UnknownFormat> {
        var formats: [ExportFormat] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingSpaces()
            guard let format = ExportFormat(rawValue: name) else { return .failure(UnknownFormat(name: name)) }
            if !formats.contains(format) { formats.append(format) }
        }
        return .success(formats)
    }

    /// A format name that is not one of ``ExportFormat/allCases``.
    public struct UnknownFormat: Error, Sendable, CustomStringConvertible {
        public var name: String
        public var description: String {
            "unknown format '\(name)'; use a comma-separated list of "
                + ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")
        }
    }

    /// The extension of the format's (last) file: `xml`, `gate.xml`, `xmi`, `tei.xml`, `ann`.
    public var fileExtension: String {
        switch self {
        case .native: return "xml"
        case .gate: return "gate.xml"
        case .xmi: return "xmi"
        case .tei: return "tei.xml"
        case .brat: return "ann"
        }
    }
}

/// One file of an export: a document's file (named by the document and `name`, an extension) or a
/// file of the output root (named by `name`).
public struct ExportFile: Sendable, Hashable {
    public var name: String
    public var bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}

/// Writes each document in every chosen format.
public struct MultiFormatExporter: Sendable {
    public var formats: [ExportFormat]
    private let native: NativeXMLExporter
    private let gate: GATEExporter
    private let tei: TEIExporter

    /// - Parameters:
    ///   - formats: the formats to write, in order.
    ///   - offsetUnit: the offset unit of the native XML; every other format has its own, fixed.
    ///   - provenance: the rules and tool recorded in the files' metadata.
    public init(formats: [ExportFormat], offsetUnit: OffsetUnit, provenance: ExportProvenance) {
        self.formats = formats
        var native = NativeXMLExporter(
            offsetUnit: offsetUnit,
            rules: RuleSet(path: provenance.rulesPath, sha256: provenance.rulesSHA256, entities: []),
            generator: provenance.generator)
        native.rulesPath = provenance.rulesPath
        native.rulesSHA256 = provenance.rulesSHA256
        native.includes = provenance.includes
        self.native = native
        self.gate = GATEExporter(provenance: provenance)
        self.tei = TEIExporter(provenance: provenance)
    }

    /// The files of one document, each named by its extension (`xml`, `gate.xml`, `xmi`,
    /// `tei.xml`, `txt`, `ann`), in the order of ``formats``.
    ///
    /// - Throws: the first exporter's error (``DocumentError``, ``XMLError``); no file is returned
    ///   then, so a document is written in every format or in none.
    public func files(for document: AnnotatedDocument) throws -> [ExportFile] {
        var files: [ExportFile] = []
        for format in formats {
            switch format {
            case .native: files.append(ExportFile(name: "xml", bytes: try native.export(document)))
            case .gate: files.append(ExportFile(name: "gate.xml", bytes: try gate.export(document)))
            case .xmi: files.append(ExportFile(name: "xmi", bytes: try XMIExporter().export(document)))
            case .tei: files.append(ExportFile(name: "tei.xml", bytes: try tei.export(document)))
            case .brat:
                files.append(ExportFile(name: "txt", bytes: Array(document.source.text.utf8)))
                files.append(
                    ExportFile(name: "ann", bytes: Array(BratAnnotations(document: document).serialized().utf8)))
            }
        }
        return files
    }

    /// The files written once in the output root: `TypeSystem.xml` for XMI and `annotation.conf`
    /// (declaring `mentionTypes`) for brat.
    ///
    /// - Throws: ``XMLError`` when libxml2 fails.
    public func rootFiles(mentionTypes: Set<String>) throws -> [ExportFile] {
        var files: [ExportFile] = []
        if formats.contains(.xmi) {
            files.append(ExportFile(name: "TypeSystem.xml", bytes: try XMIExporter.typeSystem()))
        }
        if formats.contains(.brat) {
            files.append(
                ExportFile(
                    name: "annotation.conf",
                    bytes: Array(BratAnnotations.configuration(mentionTypes: mentionTypes).utf8)))
        }
        return files
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
