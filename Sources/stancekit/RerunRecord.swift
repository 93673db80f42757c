import Foundation
import StanceKit
import StanceKitXML

/// The small record `annotate` keeps of its last run in the output folder (`.stancekit-run.json`),
/// so that a rerun can say what changed since.
struct RerunRecord: Codable {
    static let fileName = ".stancekit-run.json"

    var rulesPath: String
    var rulesSHA256: String
    /// SHA-256 of each included rule file (absent in records of older versions).
    var includeSHA256s: [String]?
    var finished: Date
    var documents: Int
    var mentions: Int
    var quotes: Int
    var stances: Int

    static func load(from folder: String) -> RerunRecord? {
        guard let bytes = try? FileIO.read("\(folder)/\(fileName)") else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(RerunRecord.self, from: Data(bytes))
    }

    func save(to folder: String) {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        if let data = try? encoder.encode(self) {
            try? FileIO.writeAtomically([UInt8](data), to: "\(folder)/\(RerunRecord.fileName)")
        }
    }

    /// What changed in one document since the output file at `path` was written, or `nil` when
    /// there is no earlier output (a new document) or it cannot be read.
    static func changes(since path: String, to document: AnnotatedDocument) -> [AnnotationDiff.Change]? {
        guard let bytes = try? FileIO.read(path), let old = try? NativeXMLImporter.read(bytes, name: path) else {
            return nil
        }
        var before = EvaluationDocument(old.document)
        let after = EvaluationDocument(document)
        before.id = after.id
        return AnnotationDiff.changes(old: before, new: after)
    }
}

/// Modification times and sizes of the rule files, to notice a save.
struct RuleFileStamp: Equatable {
    var entries: [String: [Int]]

    init(_ paths: [String]) {
        var entries: [String: [Int]] = [:]
        for path in paths {
            var info = stat()
            if stat(path, &info) == 0 {
                entries[path] = [Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_size)]
            } else {
                entries[path] = []
            }
        }
        self.entries = entries
    }
}
