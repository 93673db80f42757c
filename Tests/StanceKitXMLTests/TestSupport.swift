import Foundation
import StanceKit
import StanceKitXML

/// Paths of the project's own files, found from this source file (no `../shared` needed).
enum Project {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func path(_ relative: String) -> String { "\(root)/\(relative)" }

    static func bytes(_ relative: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: path(relative)) ?? Data())
    }

    static let seeds = ["corpus/000_32f255f26210cf97.txt", "corpus/003_1aeea6fb13d367bb.txt"]

    static func compile(_ relative: String) -> CompiledRules {
        let (rules, diagnostics) = RuleFileParser.load(path: path(relative))
        precondition(rules != nil, "\(relative) does not load: \(diagnostics)")
        return CompiledRules(rules!)
    }

    /// The native XML schema, compiled once.
    static let schema: XMLSchema = {
        do {
            return try XMLSchema(bytes: bytes("schema/stancekit-standoff-1.xsd"), name: "stancekit-standoff-1.xsd")
        } catch {
            fatalError("schema does not compile: \(error)")
        }
    }()
}

/// Slices a string by offsets counted in `unit`.
func slice(_ text: String, _ start: Int, _ end: Int, unit: OffsetUnit) -> String? {
    switch unit {
    case .codepoint:
        let scalars = Array(text.unicodeScalars)
        guard start >= 0, start <= end, end <= scalars.count else { return nil }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    case .utf16:
        let units = Array(text.utf16)
        guard start >= 0, start <= end, end <= units.count else { return nil }
        return String(decoding: units[start..<end], as: UTF16.self)
    case .utf8:
        let bytes = Array(text.utf8)
        guard start >= 0, start <= end, end <= bytes.count else { return nil }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

func length(_ text: String, unit: OffsetUnit) -> Int {
    switch unit {
    case .codepoint: return text.unicodeScalars.count
    case .utf16: return text.utf16.count
    case .utf8: return text.utf8.count
    }
}
