import ArgumentParser
import Foundation
import StanceKit
import StanceKitXML

/// Reads folders of annotations: our native XML output, or gold in brat or native XML.
enum AnnotatedFolders {
    /// Ids of the files that could not be read so far in this process (each was reported);
    /// commands use it to set their exit status. The tool is single-threaded where it reads.
    nonisolated(unsafe) static var unreadable: Set<String> = []

    /// Every native XML file under `folder` (not the GATE or TEI exports), by relative path
    /// without extension, in name order.
    static func nativeFiles(in folder: String) throws -> [(id: String, path: String)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
            throw ValidationError("\(folder): no such folder")
        }
        if !isDirectory.boolValue { return [(id(of: folder, in: CorpusFilesParent.of(folder)), folder)] }
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var result: [(String, String)] = []
        while let item = enumerator?.nextObject() as? String {
            let name = (item as NSString).lastPathComponent
            if name.hasPrefix(".") {
                enumerator?.skipDescendants()
                continue
            }
            guard name.hasSuffix(".xml"), !name.hasSuffix(".gate.xml"), !name.hasSuffix(".tei.xml"),
                name != "TypeSystem.xml"
            else { continue }
            result.append((String(item.dropLast(4)), "\(folder)/\(item)"))
        }
        return result.sorted { $0.0 < $1.0 }
    }

    static func id(of path: String, in folder: String) -> String {
        let name = (path as NSString).lastPathComponent
        return name.hasSuffix(".xml") ? String(name.dropLast(4)) : name
    }

    /// Our output as evaluation documents, keyed by relative path (a bundle's documents by their
    /// own ids); unreadable files are reported.
    static func loadOutput(_ folder: String) throws -> [EvaluationDocument] {
        var documents: [EvaluationDocument] = []
        for (id, path) in try nativeFiles(in: folder) {
            do {
                let (imported, isBundle) = try NativeXMLImporter.readAll(try FileIO.read(path), name: path)
                for member in imported {
                    var document = EvaluationDocument(member.document)
                    document.id = isBundle ? member.document.source.id : id
                    documents.append(document)
                }
            } catch {
                Terminal.error("error: \(path): \(error)")
                unreadable.insert(id)
            }
        }
        return documents
    }

    /// Gold: brat `.ann` files (with their `.txt`) when the folder has any, else native XML.
    static func loadGold(_ folder: String) throws -> (documents: [EvaluationDocument], format: String) {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var annotations: [String] = []
        while let item = enumerator?.nextObject() as? String {
            if item.hasSuffix(".ann") { annotations.append(item) }
        }
        guard !annotations.isEmpty else { return (try loadOutput(folder), "native XML") }
        var documents: [EvaluationDocument] = []
        for item in annotations.sorted() {
            let id = String(item.dropLast(4))
            do {
                let ann = try BratAnnotations(
                    parsing: String(decoding: try FileIO.read("\(folder)/\(item)"), as: UTF8.self))
                let text = (try? FileIO.read("\(folder)/\(id).txt")).map { String(decoding: $0, as: UTF8.self) } ?? ""
                documents.append(EvaluationDocument(brat: ann, text: text, id: id))
            } catch {
                Terminal.error("error: \(folder)/\(item): \(error)")
            }
        }
        return (documents, "brat")
    }
}

enum CorpusFilesParent {
    static func of(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }
}

/// Fixed-width text tables for the terminal.
enum TextTable {
    static func render(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        guard let width = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: width)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return rightAligned.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n")
    }

    static func csv(_ rows: [[String]]) -> String {
        rows.map { row in
            row.map { cell in
                cell.contains(",") || cell.contains("\"") || cell.contains("\n")
                    ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
            }.joined(separator: ",")
        }.joined(separator: "\n")
    }
}

extension Double {
    /// Three decimals.
    var score: String { String(format: "%.3f", self) }
}
