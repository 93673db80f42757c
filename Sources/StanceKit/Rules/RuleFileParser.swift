import Foundation
import Yams

/// Reads a YAML rule file into a ``RuleSet``, collecting every problem as a located ``Diagnostic``.
///
/// Parsing never stops at the first problem: a rule writer sees every error of a file at once.
/// Only the YAML syntax itself can end parsing early, since nothing after a syntax error is usable.
public enum RuleFileParser {
    static let topLevelKeys = ["version", "entities"]
    static let entityKeys = ["id", "type", "name", "given", "family", "titles", "aliases", "descriptors"]

    /// Reads and parses the rule file at `path`.
    public static func load(path: String) -> (rules: RuleSet?, diagnostics: [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return (
                nil, [Diagnostic(.error, "cannot read rule file", at: SourceLocation(file: path, line: 1, column: 1))]
            )
        }
        let bytes = [UInt8](data)
        if let bad = UTF8Validation.firstInvalidOffset(in: bytes) {
            let location = lineAndColumn(of: bad, in: bytes, file: path)
            return (nil, [Diagnostic(.error, "rule file is not valid UTF-8 (byte \(bad))", at: location)])
        }
        return parse(String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// Parses rule-file text; `path` is used in diagnostics and recorded in the result.
    ///
    /// - Returns: the rule set when there is no error (warnings allowed), and every diagnostic
    ///   sorted by location.
    public static func parse(_ text: String, path: String) -> (rules: RuleSet?, diagnostics: [Diagnostic]) {
        var parser = Walker(path: path)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return (nil, [parser.syntaxError(error)])
        } catch {
            return (nil, [Diagnostic(.error, "YAML: \(error)", at: SourceLocation(file: path, line: 1, column: 1))])
        }
        guard let root else {
            return (
                nil,
                [
                    Diagnostic(
                        .error, "rule file is empty; it needs 'version: 1' and 'entities:'", at: parser.location(nil))
                ]
            )
        }
        let rules = parser.ruleSet(root, sha256: SHA256.hex(of: Array(text.utf8)))
        let diagnostics = parser.diagnostics.sorted { $0.location < $1.location }
        return (diagnostics.contains { $0.severity == .error } ? nil : rules, diagnostics)
    }

    static func lineAndColumn(of byteOffset: Int, in bytes: [UInt8], file: String) -> SourceLocation {
        var line = 1
        var lineStart = 0
        for i in 0..<min(byteOffset, bytes.count) where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        let column = bytes[lineStart..<byteOffset].filter { $0 & 0xC0 != 0x80 }.count + 1
        return SourceLocation(file: file, line: line, column: column)
    }
}

/// Walks the composed YAML tree, building values and recording diagnostics.
private struct Walker {
    let path: String
    var diagnostics: [Diagnostic] = []
    /// The line each entity id was first defined at.
    var idLines: [String: Int] = [:]

    init(path: String) { self.path = path }

    func location(_ node: Node?) -> SourceLocation {
        let mark = node?.mark
        return SourceLocation(file: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    mutating func error(_ message: String, _ node: Node?) {
        diagnostics.append(Diagnostic(.error, message, at: location(node)))
    }

    mutating func warning(_ message: String, _ node: Node?) {
        diagnostics.append(Diagnostic(.warning, message, at: location(node)))
    }

    func syntaxError(_ error: YamlError) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "YAML syntax: \(problem)"
            if let context { message += " (\(context.text))" }
            return Diagnostic(.error, message, at: SourceLocation(file: path, line: mark.line, column: mark.column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(
                .error, "duplicate key \(keys) in one mapping; each key may appear once",
                at: SourceLocation(file: path, line: context.mark.line, column: context.mark.column))
        case .reader(let problem, _, _, _):
            return Diagnostic(.error, "YAML: \(problem)", at: SourceLocation(file: path, line: 1, column: 1))
        default:
            return Diagnostic(.error, "YAML: \(error)", at: SourceLocation(file: path, line: 1, column: 1))
        }
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar: return "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// The pairs of a mapping, with duplicate and unknown keys reported.
    mutating func pairs(of mapping: Node.Mapping, known: [String], context: String) -> [(
        key: String, keyNode: Node, value: Node
    )] {
        var seen: [String: Int] = [:]
        var result: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                error("keys in \(context) must be plain words, not \(Walker.describe(keyNode))", keyNode)
                continue
            }
            if let first = seen[key] {
                error("duplicate key '\(key)' in \(context) (first at line \(first))", keyNode)
                continue
            }
            seen[key] = keyNode.mark?.line ?? 0
            guard known.contains(key) else {
                var message = "unknown key '\(key)' in \(context)"
                if let suggestion = Walker.closest(to: key, in: known) {
                    message += "; did you mean '\(suggestion)'?"
                } else {
                    message += "; expected one of: \(known.joined(separator: ", "))"
                }
                error(message, keyNode)
                continue
            }
            result.append((key, keyNode, value))
        }
        return result
    }

    /// A located string from a scalar node, or an error.
    mutating func string(_ node: Node, key: String, allowEmpty: Bool = false) -> Located<String>? {
        guard case .scalar(let scalar) = node else {
            error("'\(key)' must be a string, not \(Walker.describe(node))", node)
            return nil
        }
        let value = scalar.string.trimmingCharacters(in: .whitespaces)
        if value.isEmpty && !allowEmpty {
            error("'\(key)' must not be empty", node)
            return nil
        }
        return Located(value, line: scalar.mark?.line ?? 1, column: scalar.mark?.column ?? 1)
    }

    /// A list of located strings; a single scalar counts as a one-item list.
    mutating func strings(_ node: Node, key: String) -> [Located<String>] {
        switch node {
        case .scalar:
            if Walker.isNull(node) { return [] }
            return string(node, key: key).map { [$0] } ?? []
        case .sequence(let sequence):
            var result: [Located<String>] = []
            for item in sequence {
                guard case .scalar = item else {
                    error("items of '\(key)' must be strings, not \(Walker.describe(item))", item)
                    continue
                }
                if let value = string(item, key: key) {
                    if value.value.isEmpty { continue }
                    result.append(value)
                }
            }
            return result
        default:
            error("'\(key)' must be a list of strings, not \(Walker.describe(node))", node)
            return []
        }
    }

    mutating func ruleSet(_ root: Node, sha256: String) -> RuleSet {
        guard case .mapping(let mapping) = root else {
            error("a rule file must be a mapping with 'version' and 'entities', not \(Walker.describe(root))", root)
            return RuleSet(path: path, sha256: sha256, entities: [])
        }
        var version = 1
        var entities: [EntityRule] = []
        var sawVersion = false
        for (key, keyNode, value) in pairs(of: mapping, known: RuleFileParser.topLevelKeys, context: "the rule file") {
            switch key {
            case "version":
                sawVersion = true
                if let number = value.scalar.flatMap({ Int($0.string) }) {
                    if number != 1 {
                        error("unsupported version \(number); this StanceKit reads version 1", value)
                    }
                    version = number
                } else {
                    error("'version' must be the number 1", value)
                }
            case "entities":
                entities = self.entities(value)
            default:
                _ = keyNode
            }
        }
        if !sawVersion {
            warning("missing 'version: 1'; assuming version 1", root)
        }
        return RuleSet(path: path, sha256: sha256, version: version, entities: entities)
    }

    mutating func entities(_ node: Node) -> [EntityRule] {
        guard case .sequence(let sequence) = node else {
            if Walker.isNull(node) { return [] }
            error("'entities' must be a list of entities, not \(Walker.describe(node))", node)
            return []
        }
        var result: [EntityRule] = []
        for item in sequence {
            if let entity = entity(item) { result.append(entity) }
        }
        return result
    }

    mutating func entity(_ node: Node) -> EntityRule? {
        guard case .mapping(let mapping) = node else {
            error("each entity must be a mapping with 'id', 'type' and 'name', not \(Walker.describe(node))", node)
            return nil
        }
        var id: Located<String>?
        var type: Located<String>?
        var name: Located<String>?
        var lists: [String: [Located<String>]] = [:]
        var listNodes: [String: Node] = [:]
        for (key, _, value) in pairs(of: mapping, known: RuleFileParser.entityKeys, context: "entity") {
            switch key {
            case "id":
                id = string(value, key: key)
                if let value = id, !Walker.isIdentifier(value.value) {
                    error(
                        "entity id '\(value.value)' may use only letters, digits, '-', '_' and '.', and must start with a letter or digit",
                        value)
                    id = nil
                }
            case "type":
                type = string(value, key: key)
                if let value = type, !Walker.isTypeName(value.value) {
                    error(
                        "entity type '\(value.value)' may use only letters, digits, '-' and '_', and must start with a letter",
                        value)
                    type = nil
                }
            case "name":
                name = string(value, key: key)
            default:
                lists[key] = strings(value, key: key)
                listNodes[key] = value
            }
        }
        if let id {
            if let line = idLines[id.value] {
                error("duplicate entity id '\(id.value)' (first defined at line \(line))", id)
            } else {
                idLines[id.value] = id.line
            }
        }
        let entityLabel = id.map { "entity '\($0.value)'" } ?? "entity"
        for required in ["id", "type", "name"] {
            let present = required == "id" ? id != nil : required == "type" ? type != nil : name != nil
            let written = mapping.contains { $0.key.scalar?.string == required }
            if !present && !written {
                error("\(entityLabel) is missing required key '\(required)'", node)
            }
        }
        guard let id, let type, let name else { return nil }
        if type.value != "PERSON" {
            for key in ["given", "family", "titles"] where !(lists[key] ?? []).isEmpty {
                warning(
                    "'\(key)' applies to PERSON entities only; ignored for \(type.value) '\(id.value)'", listNodes[key])
            }
        }
        return EntityRule(
            id: id, type: type, name: name, given: lists["given"] ?? [], family: lists["family"] ?? [],
            titles: lists["titles"] ?? [], aliases: lists["aliases"] ?? [], descriptors: lists["descriptors"] ?? [])
    }

    mutating func error(_ message: String, _ value: Located<String>) {
        diagnostics.append(
            Diagnostic(.error, message, at: SourceLocation(file: path, line: value.line, column: value.column)))
    }

    /// Whether a node is YAML's null (`key:` with nothing after it, `~` or `null`).
    static func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.isASCIIAlphanumeric else { return false }
        return s.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "-" || $0 == "_" || $0 == "." }
    }

    static func isTypeName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first.isASCIILetter else { return false }
        return s.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "-" || $0 == "_" }
    }

    /// The known word closest to `word` by edit distance (a transposition counts once), if it
    /// is close enough to be a typo: one edit for words of up to three letters, two beyond.
    static func closest(to word: String, in known: [String]) -> String? {
        let scored = known.map { ($0, editDistance(Array(word.lowercased()), Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= (best.0.count <= 3 ? 1 : 2) ? best.0 : nil
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    fileprivate var isASCIIAlphanumeric: Bool { isASCIILetter || ("0"..."9").contains(self) }
}
