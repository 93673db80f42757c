import Foundation
import StanceKit

/// Paths of the project's own files, found from this source file (no `../shared` needed).
enum Project {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func path(_ relative: String) -> String { "\(root)/\(relative)" }

    static let seedNames = ["000_32f255f26210cf97", "003_1aeea6fb13d367bb"]

    static func text(_ relative: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path(relative)) ?? Data(), as: UTF8.self)
    }

    static let summit: CompiledRules = {
        let (rules, diagnostics) = RuleFileParser.load(path: path("rules/summit.yaml"))
        precondition(rules != nil, "rules/summit.yaml does not load: \(diagnostics)")
        return CompiledRules(rules!)
    }()

    /// Every diagnostic of rule-file text (parsing, then compiling when it parses), as printed.
    static func diagnostics(_ yaml: String, path: String = "r.yaml") -> [String] {
        let (rules, diagnostics) = RuleFileParser.parse(yaml, path: path)
        var all = diagnostics
        if let rules { all += CompiledRules(rules).diagnostics }
        return all.map(\.description)
    }

    /// Compiles rule-file text, failing loudly on errors.
    static func compile(_ yaml: String) -> CompiledRules {
        let (rules, diagnostics) = RuleFileParser.parse(yaml, path: "test.yaml")
        precondition(rules != nil, "test rules do not load: \(diagnostics)")
        return CompiledRules(rules!)
    }
}

extension AnnotatedDocument {
    /// (surface, entity or candidates) of every mention, for compact assertions.
    var found: [String] {
        mentions.map { mention in
            let surface = source.surface(mention.span)
            return "\(surface)=\(mention.entity ?? "?" + mention.candidates.joined(separator: "|"))"
        }
    }
}

extension CompiledRules {
    func annotate(_ text: String) -> AnnotatedDocument {
        annotate(SourceText(id: "t", path: "t.txt", text: text))
    }
}
