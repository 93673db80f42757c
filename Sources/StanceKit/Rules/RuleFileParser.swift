import Foundation
import Yams

/// Reads a YAML rule file (and the files it includes) into a ``RuleSet``, collecting every
/// problem as a located ``Diagnostic``.
///
/// Parsing never stops at the first problem: a rule writer sees every error of a file at once.
/// Only the YAML syntax itself can end a file early, since nothing after a syntax error is usable.
public enum RuleFileParser {
    static let topLevelKeys = ["version", "include", "entities", "topics", "stance"]
    static let entityKeys = ["id", "type", "name", "given", "family", "titles", "aliases", "descriptors"]
    static let topicKeys = ["id", "names"]
    static let stanceKeys = ["negators", "attribution", "cues"]
    static let cueKeys = ["id", "words", "phrases", "polarity", "negation", "inflect", "patterns"]

    /// Reads and parses the rule file at `path`, with its includes.
    public static func load(path: String) -> (rules: RuleSet?, diagnostics: [Diagnostic]) {
        var reader = RuleFileReader(rootPath: path)
        guard let text = reader.readText(path, from: nil) else { return (nil, reader.diagnostics) }
        return reader.finish(text: text)
    }

    /// Parses rule-file text; `path` is used in diagnostics, recorded in the result, and is the
    /// folder that `include:` paths are relative to.
    ///
    /// - Returns: the rule set when there is no error (warnings allowed), and every diagnostic
    ///   sorted by location.
    public static func parse(_ text: String, path: String) -> (rules: RuleSet?, diagnostics: [Diagnostic]) {
        var reader = RuleFileReader(rootPath: path)
        return reader.finish(text: text)
    }
}

/// Walks composed YAML trees, building a rule set across included files and recording diagnostics.
struct RuleFileReader {
    /// The main rule file.
    let rootPath: String
    /// The file being walked.
    var path: String
    var diagnostics: [Diagnostic] = []
    /// Where each entity or topic id was first defined.
    var idLines: [String: String] = [:]
    var cueLines: [String: Int] = [:]
    var version = 1
    var entitiesFound: [EntityRule] = []
    var topicsFound: [TopicRule] = []
    var cuesFound: [CueRule] = []
    var negators: [Located<String>]?
    var attribution: [Located<String>]?
    var includes: [RuleSource] = []
    /// Canonical paths of the files being read, to refuse include cycles.
    var stack: [String] = []

    init(rootPath: String) {
        self.rootPath = rootPath
        self.path = rootPath
    }

    /// Parses the main file's text and everything it includes.
    mutating func finish(text: String) -> (rules: RuleSet?, diagnostics: [Diagnostic]) {
        stack = [RuleFileReader.canonical(rootPath)]
        walkFile(text: text, isRoot: true)
        let rules = RuleSet(
            path: rootPath, sha256: SHA256.hex(of: Array(text.utf8)), version: version, entities: entitiesFound,
            topics: topicsFound, cues: cuesFound, negators: negators, attribution: attribution, includes: includes)
        let sorted = diagnostics.sorted { $0.location < $1.location }
        return (sorted.contains { $0.severity == .error } ? nil : rules, sorted)
    }

    /// Reads a rule file's text, reporting a problem at `from` (an include item) or at the file itself.
    mutating func readText(_ file: String, from: Located<String>?) -> String? {
        let location =
            from.map { SourceLocation(file: path, line: $0.line, column: $0.column) }
            ?? SourceLocation(file: file, line: 1, column: 1)
        let bytes: [UInt8]
        do {
            bytes = try FileIO.read(file)
        } catch {
            let what = from == nil ? "cannot read rule file" : "cannot read included file '\(from!.value)'"
            diagnostics.append(Diagnostic(.error, "\(what): \(error.readReason)", at: location))
            return nil
        }
        if let bad = UTF8Validation.firstInvalidOffset(in: bytes) {
            let position = RuleFileReader.lineAndColumn(of: bad, in: bytes, file: file)
            diagnostics.append(Diagnostic(.error, "rule file is not valid UTF-8 (byte \(bad))", at: position))
            return nil
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func walkFile(text: String, isRoot: Bool) {
        let root: RuleNode?
        // A byte order mark is not YAML; columns on line 1 then count from after it.
        let yaml = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        switch YAMLSubsetReader.read(yaml) {
        case .empty:
            root = nil
        case .node(let node):
            root = node
        case .unsupported:
            do {
                root = try RuleNode.composedByYams(yaml)
            } catch let error as YamlError {
                diagnostics.append(syntaxError(error, in: yaml))
                return
            } catch {
                diagnostics.append(Diagnostic(.error, "YAML: \(error)", at: location(nil)))
                return
            }
        }
        guard let root else {
            if isRoot { error("rule file is empty; it needs 'version: 1' and 'entities:'", nil) }
            return
        }
        guard case .mapping(let mapping) = root else {
            error(
                "a rule file must be a mapping with 'version' and 'entities', not \(RuleFileReader.describe(root))",
                root)
            return
        }
        var sawVersion = false
        for (key, _, value) in pairs(of: mapping, known: RuleFileParser.topLevelKeys, context: "the rule file") {
            switch key {
            case "version":
                sawVersion = true
                if let number = value.scalar.flatMap({ Int($0.string) }) {
                    if number != 1 {
                        error("unsupported version \(number); this StanceKit reads version 1", value)
                    }
                    if isRoot { version = number }
                } else {
                    error("'version' must be the number 1", value)
                }
            case "include":
                for item in strings(value, key: key) { include(item) }
            case "entities":
                entities(value)
            case "topics":
                topics(value)
            default:
                stance(value)
            }
        }
        if !sawVersion && isRoot {
            warning("missing 'version: 1'; assuming version 1", root)
        }
        if isRoot && entitiesFound.isEmpty && topicsFound.isEmpty
            && !diagnostics.contains(where: { $0.severity == .error })
        {
            warning("the rules define no entities and no topics; annotate will find nothing", root)
        }
    }

    /// Reads an included file, relative to the folder of the file that includes it.
    private mutating func include(_ item: Located<String>) {
        let target = item.value.hasPrefix("/") ? item.value : "\(RuleFileReader.folder(of: path))/\(item.value)"
        let canonical = RuleFileReader.canonical(target)
        if let index = stack.firstIndex(of: canonical) {
            let cycle = (stack[index...] + [canonical]).map { ($0 as NSString).lastPathComponent }
            error("include cycle: \(cycle.joined(separator: " → "))", item)
            return
        }
        guard let text = readText(target, from: item) else { return }
        includes.append(RuleSource(path: target, sha256: SHA256.hex(of: Array(text.utf8))))
        let saved = path
        path = target
        stack.append(canonical)
        walkFile(text: text, isRoot: false)
        stack.removeLast()
        path = saved
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    static func lineAndColumn(of byteOffset: Int, in bytes: [UInt8], file: String) -> SourceLocation {
        let (line, column) = LineIndex(bytes).position(of: byteOffset)
        return SourceLocation(file: file, line: line, column: column)
    }
}

extension DocumentError {
    /// The reason alone, for messages that name the file themselves.
    var readReason: String {
        if case .unreadable(let reason) = self { return reason }
        return description
    }
}
