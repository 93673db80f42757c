/// Reads the plain YAML that rule files are written in straight into ``RuleNode``s, several
/// times faster than composing a Yams tree and converting it.
///
/// It reads block mappings and lists (the compact `- key: value` form included), flow lists and
/// mappings (over several lines too), one-line plain, single- and double-quoted scalars, and
/// comments. It gives up on everything else: anchors, aliases, tags, block scalars (`|`, `>`),
/// scalars over several lines, empty values, duplicate keys, directives and document
/// markers, tabs or carriage returns, characters YAML handles specially (C0 and C1 controls,
/// U+2028, U+2029, U+FEFF), and anything that is not valid YAML. Giving up is not an error: the
/// caller then composes the text with Yams, which reads all of YAML and reports syntax errors.
/// So the reader only has to be right on what it accepts, and there its tree equals Yams's
/// (strings, styles, lines and columns), which `YAMLSubsetReaderTests` checks.
package struct YAMLSubsetReader: ~Copyable {
    /// What the reader makes of a text.
    package enum Outcome: Equatable {
        /// A document with nothing but comments and blank lines.
        case empty
        case node(RuleNode)
        /// The text uses YAML the reader leaves to Yams (or is not YAML).
        case unsupported
    }

    /// Reads `text` (without a byte order mark).
    /// - Complexity: O(n) in the UTF-8 length of `text`.
    package static func read(_ text: String) -> Outcome {
        var text = text
        return text.withUTF8 { bytes in
            var reader = YAMLSubsetReader(bytes)
            do {
                return try reader.document()
            } catch {
                return .unsupported
            }
        }
    }

    private struct GiveUp: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    /// The read position: a byte offset.
    private var p = 0
    /// The 1-based line of `p`, and the byte offset where that line starts.
    private var line = 1
    private var lineStart = 0
    /// The indentation (in spaces) of the content line `p` stands on after
    /// ``skipToContent()``, or `nil` at the end of the text.
    private var indent: Int?
    /// The byte offset where the last scalar read starts (a key's start, at its `:`).
    private var scalarStart = 0
    /// The last column computed on the current line: byte offset and 1-based column.
    private var columnCache = (offset: 0, column: 1)

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    // MARK: Document

    private mutating func document() throws(GiveUp) -> Outcome {
        try checkCharacters()
        try skipToContent()
        guard let first = indent else { return .empty }
        let node = try blockNode(indent: first)
        guard indent == nil else { throw GiveUp() }
        return .node(node)
    }

    /// Gives up on characters that YAML forbids or treats as blanks, line breaks or markers: C0
    /// controls (tab and CR among them) other than LF, DEL, C1 controls, U+2028, U+2029, U+FEFF, U+FFFE and U+FFFF.
    private func checkCharacters() throws(GiveUp) {
        var i = 0
        let count = bytes.count
        while i < count {
            if i + 8 <= count {
                let word = WordScan.word(bytes, at: i)
                if WordScan.anyBelow(word, 0x20) | WordScan.anyNonASCII(word) | WordScan.anyEqual(word, 0x7F) == 0 {
                    i += 8
                    continue
                }
            }
            let byte = bytes[i]
            if byte < 0x80 {
                if (byte < 0x20 && byte != 0x0A) || byte == 0x7F { throw GiveUp() }
                i += 1
                continue
            }
            // The text is valid UTF-8 (it is a String).
            let (decoded, width) = Tokenizer.decode(bytes, at: i)
            let scalar = decoded.value
            if scalar < 0xA0 || scalar == 0x2028 || scalar == 0x2029 || scalar == 0xFEFF || scalar == 0xFFFE
                || scalar == 0xFFFF
            {
                throw GiveUp()
            }
            i += width
        }
    }

    // MARK: Lines

    private func byte(_ offset: Int) -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

    /// Whether the byte at `offset` ends a token in block context: a space, a line break, or the end.
    private func isBlankOrEnd(_ offset: Int) -> Bool {
        guard let byte = byte(offset) else { return true }
        return byte == 0x20 || byte == 0x0A
    }

    private mutating func skipSpaces() {
        while p < bytes.count && bytes[p] == 0x20 { p += 1 }
    }

    /// Skips the rest of the line after a value: spaces, then a comment (after at least one
    /// space) or nothing, then the line break. Gives up on anything else.
    private mutating func endLine() throws(GiveUp) {
        skipSpaces()
        if p < bytes.count && bytes[p] == UInt8(ascii: "#") {
            guard p == lineStart || bytes[p - 1] == 0x20 else { throw GiveUp() }
            while p < bytes.count && bytes[p] != 0x0A { p += 1 }
        }
        guard p < bytes.count else { return }
        guard bytes[p] == 0x0A else { throw GiveUp() }
        p += 1
        line += 1
        lineStart = p
    }

    /// From the start of a line, skips blank and comment lines and the next content line's
    /// indentation, setting ``indent`` (`nil` at the end).
    private mutating func skipToContent() throws(GiveUp) {
        while true {
            let start = p
            skipSpaces()
            guard p < bytes.count else {
                indent = nil
                return
            }
            switch bytes[p] {
            case 0x0A:
                p += 1
                line += 1
                lineStart = p
            case UInt8(ascii: "#"):
                while p < bytes.count && bytes[p] != 0x0A { p += 1 }
            case 0x09:
                throw GiveUp()
            default:
                indent = p - start
                if indent == 0 && atDocumentMarker { throw GiveUp() }
                return
            }
        }
    }

    /// Whether `p` stands on `---` or `...`, which mark a document's start or end at the start
    /// of a line (the caller knows it is there), even inside a flow collection.
    private var atDocumentMarker: Bool {
        p + 3 <= bytes.count && bytes[p] == bytes[p + 1] && bytes[p] == bytes[p + 2]
            && (bytes[p] == UInt8(ascii: "-") || bytes[p] == UInt8(ascii: "."))
    }

    /// The mark of byte offset `offset` on the current line: columns count Unicode scalars.
    private mutating func mark(at offset: Int) -> RuleNode.Mark {
        if columnCache.offset < lineStart || columnCache.offset > offset { columnCache = (lineStart, 1) }
        var column = columnCache.column
        var i = columnCache.offset
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        columnCache = (offset, column)
        return RuleNode.Mark(line: line, column: column)
    }

    // MARK: Block context

    /// Whether `byte` may not start a plain scalar (YAML's indicators).
    private static func isIndicator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"),
            UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "%"),
            UInt8(ascii: "@"), UInt8(ascii: "`"):
            return true
        default:
            return false
        }
    }

    /// Whether `p` stands on a block list entry: `-` then a space or a line break.
    private var atListEntry: Bool { byte(p) == UInt8(ascii: "-") && isBlankOrEnd(p + 1) }

    /// Whether `p` stands on a mapping value indicator: `:` then a space or a line break.
    private var atValueIndicator: Bool { byte(p) == UInt8(ascii: ":") && isBlankOrEnd(p + 1) }

    /// The node that starts at `p`, which is `column` bytes into its line (all ASCII before it).
    /// Returns with `p` on the next content line (``indent``), whose indentation is at most `column`.
    private mutating func blockNode(indent column: Int) throws(GiveUp) -> RuleNode {
        if atListEntry { return try blockList(indent: column) }
        guard let first = byte(p) else { throw GiveUp() }
        if first == UInt8(ascii: "[") || first == UInt8(ascii: "{") {
            let node = try flowNode()
            skipSpaces()
            if byte(p) == UInt8(ascii: ":") { throw GiveUp() }
            try endLine()
            try skipToContent()
            return node
        }
        let scalar = try scalar(flow: false)
        skipSpaces()
        if atValueIndicator { return try blockMapping(indent: column, firstKey: scalar) }
        try endLine()
        try skipToContent()
        return .scalar(scalar)
    }

    /// A block mapping whose first key has been read; `p` is on the `:` after it.
    private mutating func blockMapping(indent column: Int, firstKey: RuleNode.Scalar) throws(GiveUp) -> RuleNode {
        var pairs: [(key: RuleNode, value: RuleNode)] = []
        var key = firstKey
        while true {
            // Libyaml takes a key of more than 1,024 characters up to its `:` for an error.
            guard p - scalarStart < 1000, !YAMLSubsetReader.contains(key, in: pairs) else {
                throw GiveUp()
            }
            p += 1
            skipSpaces()
            let value: RuleNode
            if p >= bytes.count || bytes[p] == 0x0A || bytes[p] == UInt8(ascii: "#") {
                try endLine()
                try skipToContent()
                guard let next = indent else { throw GiveUp() }
                if next > column {
                    value = try blockNode(indent: next)
                } else if next == column && atListEntry {
                    value = try blockList(indent: column)
                } else {
                    throw GiveUp()
                }
            } else {
                value = try inlineValue()
            }
            pairs.append((.scalar(key), value))
            guard let next = indent, next >= column else { break }
            guard next == column, !atListEntry else { throw GiveUp() }
            guard let first = byte(p), first != UInt8(ascii: "["), first != UInt8(ascii: "{") else { throw GiveUp() }
            key = try scalar(flow: false)
            skipSpaces()
            guard atValueIndicator else { throw GiveUp() }
        }
        return .mapping(RuleNode.Mapping(pairs: pairs, mark: firstKey.mark))
    }

    /// A value on the line of its key: a flow collection or a scalar, up to the end of the line.
    private mutating func inlineValue() throws(GiveUp) -> RuleNode {
        let node: RuleNode
        if let first = byte(p), first == UInt8(ascii: "[") || first == UInt8(ascii: "{") {
            node = try flowNode()
        } else {
            node = .scalar(try scalar(flow: false))
        }
        skipSpaces()
        if byte(p) == UInt8(ascii: ":") { throw GiveUp() }
        try endLine()
        try skipToContent()
        return node
    }

    /// A block list whose first `-` is at `p`, `column` bytes into its line.
    private mutating func blockList(indent column: Int) throws(GiveUp) -> RuleNode {
        let listMark = mark(at: p)
        var items: [RuleNode] = []
        while true {
            p += 1
            if p >= bytes.count || bytes[p] == 0x0A {
                try endLine()
                try skipToContent()
                guard let next = indent, next > column else { throw GiveUp() }
                items.append(try blockNode(indent: next))
            } else {
                skipSpaces()
                if byte(p) == UInt8(ascii: "#") || byte(p) == 0x0A || byte(p) == nil { throw GiveUp() }
                items.append(try blockNode(indent: p - lineStart))
            }
            guard let next = indent, next >= column else { break }
            guard next == column else { throw GiveUp() }
            // A key after the list ends it (a list that is a mapping's value, at the key's indentation).
            guard atListEntry else { break }
        }
        return .sequence(RuleNode.List(items: items, mark: listMark))
    }

    /// Whether a mapping's pairs already have `key` (Yams would report a duplicate).
    private static func contains(_ key: RuleNode.Scalar, in pairs: [(key: RuleNode, value: RuleNode)]) -> Bool {
        pairs.contains { $0.key.scalar?.string == key.string }
    }

    // MARK: Flow context

    /// Skips spaces, line breaks and comments between the parts of a flow collection. Like
    /// libyaml, it ignores indentation there; a document marker ends the collection (gives up).
    private mutating func skipFlowSpace() throws(GiveUp) {
        while p < bytes.count {
            switch bytes[p] {
            case 0x20:
                p += 1
            case 0x0A:
                p += 1
                line += 1
                lineStart = p
                if atDocumentMarker { throw GiveUp() }
            case UInt8(ascii: "#"):
                guard p == lineStart || bytes[p - 1] == 0x20 else { throw GiveUp() }
                while p < bytes.count && bytes[p] != 0x0A { p += 1 }
            default:
                return
            }
        }
    }

    /// After a flow item: skips to `closing` (then returns `true`, past it) or to a `,` and the
    /// next item (`false`); gives up on anything else.
    private mutating func flowSeparator(closing: UInt8) throws(GiveUp) -> Bool {
        try skipFlowSpace()
        guard let next = byte(p), next == closing || next == UInt8(ascii: ",") else { throw GiveUp() }
        p += 1
        if next == closing { return true }
        try skipFlowSpace()
        return false
    }

    private mutating func flowNode() throws(GiveUp) -> RuleNode {
        guard let first = byte(p) else { throw GiveUp() }
        switch first {
        case UInt8(ascii: "["):
            let listMark = mark(at: p)
            p += 1
            var items: [RuleNode] = []
            try skipFlowSpace()
            if byte(p) == UInt8(ascii: "]") {
                p += 1
                return .sequence(RuleNode.List(items: items, mark: listMark))
            }
            while true {
                items.append(try flowNode())
                if try flowSeparator(closing: UInt8(ascii: "]")) { break }
            }
            return .sequence(RuleNode.List(items: items, mark: listMark))
        case UInt8(ascii: "{"):
            let mappingMark = mark(at: p)
            p += 1
            var pairs: [(key: RuleNode, value: RuleNode)] = []
            try skipFlowSpace()
            if byte(p) == UInt8(ascii: "}") {
                p += 1
                return .mapping(RuleNode.Mapping(pairs: pairs, mark: mappingMark))
            }
            while true {
                guard let keyStart = byte(p), keyStart != UInt8(ascii: "["), keyStart != UInt8(ascii: "{") else {
                    throw GiveUp()
                }
                let key = try scalar(flow: true)
                guard !YAMLSubsetReader.contains(key, in: pairs) else { throw GiveUp() }
                skipSpaces()
                guard byte(p) == UInt8(ascii: ":"), byte(p + 1) == 0x20, p - scalarStart < 1000 else { throw GiveUp() }
                p += 2
                skipSpaces()
                pairs.append((.scalar(key), try flowNode()))
                if try flowSeparator(closing: UInt8(ascii: "}")) { break }
            }
            return .mapping(RuleNode.Mapping(pairs: pairs, mark: mappingMark))
        default:
            let node = RuleNode.scalar(try scalar(flow: true))
            skipSpaces()
            // `[a: b]` is a mapping inside the list.
            if byte(p) == UInt8(ascii: ":") { throw GiveUp() }
            return node
        }
    }

    // MARK: Scalars

    /// A scalar on one line: quoted, or plain up to a comment, a `: `, the end of the line or (in
    /// flow context) a flow indicator. `p` ends after it (after a plain scalar's last non-space).
    private mutating func scalar(flow: Bool) throws(GiveUp) -> RuleNode.Scalar {
        let start = p
        scalarStart = start
        let scalarMark = mark(at: start)
        guard let first = byte(p) else { throw GiveUp() }
        if first == UInt8(ascii: "\"") {
            return RuleNode.Scalar(string: try doubleQuoted(), style: .doubleQuoted, mark: scalarMark)
        }
        if first == UInt8(ascii: "'") {
            return RuleNode.Scalar(string: try singleQuoted(), style: .singleQuoted, mark: scalarMark)
        }
        guard !YAMLSubsetReader.isIndicator(first), first != 0x0A, first != 0x20 else { throw GiveUp() }
        var end = p
        scan: while p < bytes.count {
            switch bytes[p] {
            case 0x0A:
                break scan
            case 0x20:
                // Spaces end the scalar before a comment or the end of the line.
                var q = p
                while q < bytes.count && bytes[q] == 0x20 { q += 1 }
                if q >= bytes.count || bytes[q] == 0x0A || bytes[q] == UInt8(ascii: "#") { break scan }
                p = q
                continue
            case UInt8(ascii: ":"):
                if isBlankOrEnd(p + 1) { break scan }
                // `a:b` is a scalar in block context; in flow context libyaml versions differ.
                throw GiveUp()
            case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
                if flow { break scan }
            case UInt8(ascii: "?"):
                if flow { throw GiveUp() }
            default:
                break
            }
            p += 1
            end = p
        }
        p = end
        return RuleNode.Scalar(
            string: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self),
            style: .plain, mark: scalarMark)
    }

    /// A single-quoted scalar on one line (`''` is a quote); `p` is on the opening quote.
    private mutating func singleQuoted() throws(GiveUp) -> String {
        p += 1
        var result: [UInt8] = []
        while true {
            guard p < bytes.count, bytes[p] != 0x0A else { throw GiveUp() }
            let byte = bytes[p]
            if byte == UInt8(ascii: "'") {
                if self.byte(p + 1) == UInt8(ascii: "'") {
                    result.append(byte)
                    p += 2
                    continue
                }
                p += 1
                return String(decoding: result, as: UTF8.self)
            }
            result.append(byte)
            p += 1
        }
    }

    /// A double-quoted scalar on one line; `p` is on the opening quote. Escapes: `\"`, `\\`,
    /// `\n`, `\t`, `\xXX`, `\uXXXX` and `\UXXXXXXXX` (others are left to Yams).
    private mutating func doubleQuoted() throws(GiveUp) -> String {
        p += 1
        let start = p
        // Most strings have no escape: find the closing quote first.
        while p < bytes.count && bytes[p] != UInt8(ascii: "\"") && bytes[p] != UInt8(ascii: "\\")
            && bytes[p] != 0x0A
        {
            p += 1
        }
        if byte(p) == UInt8(ascii: "\"") {
            p += 1
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(p - 1)]), as: UTF8.self)
        }
        var result = Array(bytes[start..<p])
        while true {
            guard p < bytes.count, bytes[p] != 0x0A else { throw GiveUp() }
            let byte = bytes[p]
            if byte == UInt8(ascii: "\"") {
                p += 1
                return String(decoding: result, as: UTF8.self)
            }
            guard byte == UInt8(ascii: "\\") else {
                result.append(byte)
                p += 1
                continue
            }
            guard let escape = self.byte(p + 1) else { throw GiveUp() }
            p += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): result.append(escape)
            case UInt8(ascii: "n"): result.append(0x0A)
            case UInt8(ascii: "t"): result.append(0x09)
            case UInt8(ascii: "x"): try appendEscaped(digits: 2, to: &result)
            case UInt8(ascii: "u"): try appendEscaped(digits: 4, to: &result)
            case UInt8(ascii: "U"): try appendEscaped(digits: 8, to: &result)
            default: throw GiveUp()
            }
        }
    }

    /// Appends the UTF-8 of the scalar whose `digits` hex digits are at `p`.
    private mutating func appendEscaped(digits: Int, to result: inout [UInt8]) throws(GiveUp) {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let byte = byte(p), let digit = Int(String(UnicodeScalar(byte)), radix: 16) else { throw GiveUp() }
            value = value << 4 | UInt32(digit)
            p += 1
        }
        // Controls and surrogates are left to Yams (which rejects lone surrogates), and so is
        // U+FEFF: Yams drops it at the start of a scalar (String(bytes:encoding:) takes it for a BOM).
        guard value >= 0x20, value < 0x7F || value >= 0xA0, value != 0xFEFF, let scalar = Unicode.Scalar(value) else {
            throw GiveUp()
        }
        result.append(contentsOf: Array(String(scalar).utf8))
    }
}
