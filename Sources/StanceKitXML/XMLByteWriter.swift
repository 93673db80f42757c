import StanceKit

/// What the exporters need from an XML writer: elements, attributes and escaped text.
///
/// The methods are `mutating` so that ``XMLByteWriter`` can be a struct, whose buffer Swift
/// checks for exclusive access at compile time instead of on every append.
protocol XMLWriting {
    mutating func startDocument() throws
    mutating func startElement(_ name: String) throws
    mutating func attribute(_ name: String, _ value: String) throws
    /// An attribute whose value is the decimal digits of `value`.
    mutating func attribute(_ name: String, _ value: Int) throws
    /// An attribute whose value is `prefix` then the decimal digits of `number`, as ids such as
    /// `m12`; `prefix` must need no escaping.
    mutating func attribute(_ name: String, prefix: String, _ number: Int) throws
    mutating func text(_ value: String) throws
    mutating func endElement() throws
    mutating func finish() throws -> [UInt8]
}

extension XMLWriting {
    mutating func attribute(_ name: String, _ value: Int) throws {
        try attribute(name, String(value))
    }

    mutating func attribute(_ name: String, prefix: String, _ number: Int) throws {
        try attribute(name, prefix + String(number))
    }

    /// Writes `<name attributes…/>` with no content.
    mutating func emptyElement(_ name: String, _ attributes: KeyValuePairs<String, String>) throws {
        try startElement(name)
        for (key, value) in attributes { try attribute(key, value) }
        try endElement()
    }

    /// The attributes native XML and XMI both give a mention: `entity` (or `candidates` when
    /// ambiguous), `kind`, `rule` and, when known, the rule-file `line`.
    mutating func mentionAttributes(_ mention: Mention) throws {
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
/// - Complexity: O(n) in the bytes written; text is scanned for characters to escape eight
///   bytes at a time.
struct XMLByteWriter: XMLWriting {
    private var out: [UInt8] = []
    /// Open elements: name, whether the start tag still lacks its `>`, whether children or text were written.
    private var open: [(name: String, tagOpen: Bool, hasChildren: Bool, hasText: Bool)] = []

    init(capacity: Int = 4096) { out.reserveCapacity(capacity) }

    mutating func startDocument() {
        append(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        out.append(0x0A)
    }

    mutating func startElement(_ name: String) {
        if !open.isEmpty {
            closeStartTag()
            open[open.count - 1].hasChildren = true
            if !open[open.count - 1].hasText { newline(depth: open.count) }
        }
        out.append(UInt8(ascii: "<"))
        append(name)
        open.append((name, true, false, false))
    }

    mutating func attribute(_ name: String, _ value: String) {
        startAttribute(name)
        escape(value, attribute: true)
        out.append(UInt8(ascii: "\""))
    }

    mutating func attribute(_ name: String, _ value: Int) {
        startAttribute(name)
        appendDecimal(value)
        out.append(UInt8(ascii: "\""))
    }

    mutating func attribute(_ name: String, prefix: String, _ number: Int) {
        startAttribute(name)
        append(prefix)
        appendDecimal(number)
        out.append(UInt8(ascii: "\""))
    }

    mutating func text(_ value: String) {
        closeStartTag()
        open[open.count - 1].hasText = true
        escape(value, attribute: false)
    }

    mutating func endElement() {
        let element = open.removeLast()
        if element.tagOpen {
            out.append(UInt8(ascii: "/"))
            out.append(UInt8(ascii: ">"))
            return
        }
        if element.hasChildren && !element.hasText { newline(depth: open.count) }
        out.append(UInt8(ascii: "<"))
        out.append(UInt8(ascii: "/"))
        append(element.name)
        out.append(UInt8(ascii: ">"))
    }

    /// Closes every open element and returns the bytes.
    mutating func finish() -> [UInt8] {
        while !open.isEmpty { endElement() }
        out.append(0x0A)
        return out
    }

    private mutating func closeStartTag() {
        guard let last = open.last, last.tagOpen else { return }
        out.append(UInt8(ascii: ">"))
        open[open.count - 1].tagOpen = false
    }

    private mutating func newline(depth: Int) {
        out.append(0x0A)
        for _ in 0..<depth {
            out.append(0x20)
            out.append(0x20)
        }
    }

    /// ` name="`
    private mutating func startAttribute(_ name: String) {
        out.append(0x20)
        append(name)
        out.append(UInt8(ascii: "="))
        out.append(UInt8(ascii: "\""))
    }

    /// Appends the UTF-8 bytes of `string` as they are.
    private mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { out.append(contentsOf: $0) }
    }

    /// Appends the decimal digits of `value`, with `-` when negative.
    private mutating func appendDecimal(_ value: Int) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        if magnitude < 10 {
            out.append(UInt8(ascii: "0") + UInt8(magnitude))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            while magnitude > 0 {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// Appends `value` escaped: `&`, `<`, `>`, `"` and CR always; LF and tab too in attributes.
    private mutating func escape(_ value: String, attribute: Bool) {
        var value = value
        value.withUTF8 { bytes in
            var runStart = 0
            var k = 0
            while k < bytes.count {
                // Eight bytes with nothing to escape are passed over at once.
                if k + 8 <= bytes.count {
                    let word = WordScan.word(bytes, at: k)
                    var hits =
                        WordScan.anyEqual(word, UInt8(ascii: "&")) | WordScan.anyEqual(word, UInt8(ascii: "<"))
                        | WordScan.anyEqual(word, UInt8(ascii: ">")) | WordScan.anyEqual(word, UInt8(ascii: "\""))
                        | WordScan.anyEqual(word, 0x0D)
                    if attribute { hits |= WordScan.anyEqual(word, 0x0A) | WordScan.anyEqual(word, 0x09) }
                    if hits == 0 {
                        k += 8
                        continue
                    }
                }
                let end = min(k + 8, bytes.count)
                while k < end {
                    let byte = bytes[k]
                    k += 1
                    // Letters, most punctuation and every non-ASCII byte: nothing to escape.
                    if byte > UInt8(ascii: ">") { continue }
                    let replacement: StaticString
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
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<(k - 1)]))
                    out.append(
                        contentsOf: UnsafeBufferPointer(
                            start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                    runStart = k
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }
}
