import Foundation
import Yams

extension RuleFileReader {
    func location(_ node: RuleNode?) -> SourceLocation {
        let mark = node?.mark
        return SourceLocation(file: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    mutating func error(_ message: String, _ node: RuleNode?) {
        diagnostics.append(Diagnostic(.error, message, at: location(node)))
    }

    mutating func warning(_ message: String, _ node: RuleNode?) {
        diagnostics.append(Diagnostic(.warning, message, at: location(node)))
    }

    func syntaxError(_ error: YamlError, in text: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "YAML syntax: \(problem)"
            if let context { message += " (\(context.text))" }
            return Diagnostic(.error, message, at: SourceLocation(file: path, line: mark.line, column: mark.column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams stops at the first duplicate and marks the first occurrence; point at the second.
            let key = duplicates.first ?? ""
            let second = RuleFileReader.nextOccurrence(of: key, after: context.mark, in: text)
            return Diagnostic(
                .error,
                "duplicate key '\(key)' (first at line \(context.mark.line)); each key may appear once in a mapping, "
                    + "and other problems of this file show once it is fixed",
                at: SourceLocation(
                    file: path, line: second?.line ?? context.mark.line, column: second?.column ?? context.mark.column))
        case .reader(let problem, _, _, _):
            return Diagnostic(.error, "YAML: \(problem)", at: SourceLocation(file: path, line: 1, column: 1))
        default:
            return Diagnostic(.error, "YAML: \(error)", at: SourceLocation(file: path, line: 1, column: 1))
        }
    }

    /// Where `key:` next appears as a key after `mark`: at the same column on a later line (block
    /// style), or later on the same line (flow style).
    static func nextOccurrence(of key: String, after mark: Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        let pattern = Array((key + ":").unicodeScalars)
        func matches(_ line: [Unicode.Scalar], at column: Int) -> Bool {
            column >= 0 && column + pattern.count <= line.count
                && Array(line[column..<(column + pattern.count)]) == pattern
        }
        let first = mark.line - 1
        guard first < lines.count else { return nil }
        var column = mark.column - 1 + pattern.count
        while column < lines[first].count {
            if matches(lines[first], at: column) && (column == 0 || [" ", "{", ","].contains(lines[first][column - 1]))
            {
                return (mark.line, column + 1)
            }
            column += 1
        }
        for index in (first + 1)..<lines.count where matches(lines[index], at: mark.column - 1) {
            return (index + 1, mark.column)
        }
        return nil
    }

    static func describe(_ node: RuleNode) -> String {
        switch node {
        case .scalar: return "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// The pairs of a mapping, with duplicate and unknown keys reported.
    mutating func pairs(of mapping: RuleNode.Mapping, known: [String], context: String) -> [(
        key: String, keyNode: RuleNode, value: RuleNode
    )] {
        // A mapping has a handful of keys: a list searched in place beats hashing.
        var seen: [(key: String, line: Int)] = []
        var result: [(key: String, keyNode: RuleNode, value: RuleNode)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                error("keys in \(context) must be plain words, not \(RuleFileReader.describe(keyNode))", keyNode)
                continue
            }
            if let first = seen.first(where: { $0.key == key }) {
                error("duplicate key '\(key)' in \(context) (first at line \(first.line))", keyNode)
                continue
            }
            seen.append((key, keyNode.mark.line))
            guard known.contains(key) else {
                var message = "unknown key '\(key)' in \(context)"
                if let suggestion = RuleFileReader.closest(to: key, in: known) {
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
    mutating func string(_ node: RuleNode, key: String, allowEmpty: Bool = false) -> Located<String>? {
        guard case .scalar(let scalar) = node else {
            error("'\(key)' must be a string, not \(RuleFileReader.describe(node))", node)
            return nil
        }
        let value = RuleFileReader.trimmed(scalar.string)
        if value.isEmpty && !allowEmpty {
            error("'\(key)' must not be empty", node)
            return nil
        }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || ($0.value >= 0x7F && $0.value <= 0x9F) }) {
            error("'\(key)' may not contain tabs, line breaks or other control characters", node)
            return nil
        }
        return Located(value, line: scalar.mark.line, column: scalar.mark.column)
    }

    /// The `id` of an entity, topic or cue (`what`): a located string of ASCII letters, digits,
    /// `-`, `_` and `.` that starts with a letter or digit, or an error.
    mutating func identifier(_ node: RuleNode, of what: String) -> Located<String>? {
        guard let id = string(node, key: "id") else { return nil }
        guard RuleFileReader.isIdentifier(id.value) else {
            error(
                "\(what) id '\(id.value)' may use only letters, digits, '-', '_' and '.', and must start with a letter or digit",
                id)
            return nil
        }
        return id
    }

    /// A list of located strings; a single scalar counts as a one-item list.
    mutating func strings(_ node: RuleNode, key: String) -> [Located<String>] {
        switch node {
        case .scalar:
            if RuleFileReader.isNull(node) { return [] }
            return string(node, key: key).map { [$0] } ?? []
        case .sequence(let sequence):
            var result: [Located<String>] = []
            for item in sequence {
                guard case .scalar = item else {
                    error("items of '\(key)' must be strings, not \(RuleFileReader.describe(item))", item)
                    continue
                }
                if let value = string(item, key: key) {
                    if value.value.isEmpty { continue }
                    result.append(value)
                }
            }
            return result
        default:
            error("'\(key)' must be a list of strings, not \(RuleFileReader.describe(node))", node)
            return []
        }
    }

    /// `text` without leading and trailing spaces and tabs (Unicode spaces included).
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let isSpace = { (scalar: Unicode.Scalar) in
            scalar == " " || scalar == "\t" || (scalar.value >= 0x80 && scalar.properties.isWhitespace)
        }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }

    /// Whether a node is YAML's null (`key:` with nothing after it, `~` or `null`).
    static func isNull(_ node: RuleNode) -> Bool {
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
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    var isASCIIAlphanumeric: Bool { isASCIILetter || ("0"..."9").contains(self) }
}
