import StanceKit

/// What the exporters need from an XML writer: elements, attributes and escaped text.
protocol XMLWriting {
    func startDocument() throws
    func startElement(_ name: String) throws
    func attribute(_ name: String, _ value: String) throws
    func text(_ value: String) throws
    func endElement() throws
    func finish() throws -> [UInt8]
}

extension XMLWriting {
    func attribute(_ name: String, _ value: Int) throws {
        try attribute(name, String(value))
    }

    /// Writes `<name attributes…/>` with no content.
    func emptyElement(_ name: String, _ attributes: KeyValuePairs<String, String>) throws {
        try startElement(name)
        for (key, value) in attributes { try attribute(key, value) }
        try endElement()
    }

    /// The attributes native XML and XMI both give a mention: `entity` (or `candidates` when
    /// ambiguous), `kind`, `rule` and, when known, the rule-file `line`.
    func mentionAttributes(_ mention: Mention) throws {
        if let entity = mention.entity {
            try attribute("entity", entity)
        } else {
            try attribute("candidates", mention.candidates.joined(separator: " "))
        }
        try attribute("kind", mention.kind.rawValue)
        try attribute("rule", mention.rule.label)
        if mention.rule.line > 0 { try attribute("line", mention.rule.line) }
    }
}

/// Writes indented XML straight into a byte array, in pure Swift: the bytes libxml2's text
/// writer produces with a two-space indent (``XMLTextWriter``), several times faster, since no
/// string crosses into C. Element names and attribute names are written as given (callers
/// pass fixed, valid names); attribute values and text are escaped, `\r` as `&#13;` so that
/// CRLF survives a parse.
///
/// - Complexity: O(n) in the bytes written.
final class XMLByteWriter: XMLWriting {
    private var out: [UInt8] = []
    /// Open elements: name, whether the start tag still lacks its `>`, whether children or text were written.
    private var open: [(name: String, tagOpen: Bool, hasChildren: Bool, hasText: Bool)] = []

    init(capacity: Int = 4096) { out.reserveCapacity(capacity) }

    func startDocument() {
        out.append(contentsOf: #"<?xml version="1.0" encoding="UTF-8"?>"#.utf8)
        out.append(0x0A)
    }

    func startElement(_ name: String) {
        if !open.isEmpty {
            closeStartTag()
            open[open.count - 1].hasChildren = true
            if !open[open.count - 1].hasText { newline(depth: open.count) }
        }
        out.append(UInt8(ascii: "<"))
        out.append(contentsOf: name.utf8)
        open.append((name, true, false, false))
    }

    func attribute(_ name: String, _ value: String) {
        out.append(0x20)
        out.append(contentsOf: name.utf8)
        out.append(contentsOf: #"=""#.utf8)
        escape(value, attribute: true)
        out.append(UInt8(ascii: "\""))
    }

    func text(_ value: String) {
        closeStartTag()
        open[open.count - 1].hasText = true
        escape(value, attribute: false)
    }

    func endElement() {
        let element = open.removeLast()
        if element.tagOpen {
            out.append(contentsOf: "/>".utf8)
            return
        }
        if element.hasChildren && !element.hasText { newline(depth: open.count) }
        out.append(contentsOf: "</".utf8)
        out.append(contentsOf: element.name.utf8)
        out.append(UInt8(ascii: ">"))
    }

    /// Closes every open element and returns the bytes.
    func finish() -> [UInt8] {
        while !open.isEmpty { endElement() }
        out.append(0x0A)
        return out
    }

    private func closeStartTag() {
        guard let last = open.last, last.tagOpen else { return }
        out.append(UInt8(ascii: ">"))
        open[open.count - 1].tagOpen = false
    }

    private func newline(depth: Int) {
        out.append(0x0A)
        for _ in 0..<depth { out.append(contentsOf: [0x20, 0x20]) }
    }

    /// Appends `value` escaped: `&`, `<`, `>`, `"` and CR always; LF and tab too in attributes.
    private func escape(_ value: String, attribute: Bool) {
        var value = value
        value.withUTF8 { bytes in
            var runStart = 0
            for (k, byte) in bytes.enumerated() {
                // Letters, most punctuation and every non-ASCII byte: nothing to escape.
                if byte > UInt8(ascii: ">") { continue }
                let replacement: String
                switch byte {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case 0x0D: replacement = "&#13;"
                case 0x0A where attribute: replacement = "&#10;"
                case 0x09 where attribute: replacement = "&#9;"
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<k]))
                out.append(contentsOf: replacement.utf8)
                runStart = k + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }
}
