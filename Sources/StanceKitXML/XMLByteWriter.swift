import StanceKit

/// What the exporters need from an XML writer: elements, attributes and escaped text.
///
/// The methods are `mutating` so that ``XMLByteWriter`` can be a struct, whose buffer Swift
/// checks for exclusive access at compile time instead of on every append.
protocol XMLWriting: ~Copyable {
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

extension XMLWriting where Self: ~Copyable {
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
///
/// Noncopyable: it owns its buffer (raw memory, freed in `deinit`) and writes through a pointer,
/// so a byte costs a capacity test and a store, with no uniqueness test of an array.
struct XMLByteWriter: XMLWriting, ~Copyable {
    /// The output: `length` bytes written of `capacity` allocated.
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var length = 0
    /// Open elements: name, whether the start tag still lacks its `>`, whether children or text were written.
    private var open: [(name: String, tagOpen: Bool, hasChildren: Bool, hasText: Bool)] = []

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    mutating func startDocument() {
        append(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        append(0x0A)
    }

    mutating func startElement(_ name: String) {
        if !open.isEmpty {
            closeStartTag()
            open[open.count - 1].hasChildren = true
            if !open[open.count - 1].hasText { newline(depth: open.count) }
        }
        append(UInt8(ascii: "<"))
        append(name)
        open.append((name, true, false, false))
    }

    mutating func attribute(_ name: String, _ value: String) {
        startAttribute(name)
        escape(value, attribute: true)
        append(UInt8(ascii: "\""))
    }

    mutating func attribute(_ name: String, _ value: Int) {
        startAttribute(name)
        appendDecimal(value)
        append(UInt8(ascii: "\""))
    }

    mutating func attribute(_ name: String, prefix: String, _ number: Int) {
        startAttribute(name)
        append(prefix)
        appendDecimal(number)
        append(UInt8(ascii: "\""))
    }

    mutating func text(_ value: String) {
        closeStartTag()
        open[open.count - 1].hasText = true
        escape(value, attribute: false)
    }

    mutating func endElement() {
        let element = open.removeLast()
        if element.tagOpen {
            append(UInt8(ascii: "/"), UInt8(ascii: ">"))
            return
        }
        if element.hasChildren && !element.hasText { newline(depth: open.count) }
        append(UInt8(ascii: "<"), UInt8(ascii: "/"))
        append(element.name)
        append(UInt8(ascii: ">"))
    }

    /// Closes every open element and returns the bytes.
    mutating func finish() -> [UInt8] {
        while !open.isEmpty { endElement() }
        append(0x0A)
        return Array(UnsafeBufferPointer(start: base, count: length))
    }

    private mutating func closeStartTag() {
        guard let last = open.last, last.tagOpen else { return }
        append(UInt8(ascii: ">"))
        open[open.count - 1].tagOpen = false
    }

    private mutating func newline(depth: Int) {
        append(0x0A)
        for _ in 0..<depth { append(0x20, 0x20) }
    }

    /// ` name="`
    private mutating func startAttribute(_ name: String) {
        append(0x20)
        append(name)
        append(UInt8(ascii: "="), UInt8(ascii: "\""))
    }

    /// Makes room for `count` more bytes: doubles the buffer when it is short.
    @inline(__always)
    private mutating func reserve(_ count: Int) {
        if length &+ count > capacity { grow(count) }
    }

    private mutating func grow(_ count: Int) {
        let newCapacity = max(2 * capacity, length + count)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: length)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Appends one byte.
    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        reserve(1)
        base[length] = byte
        length &+= 1
    }

    /// Appends two bytes.
    @inline(__always)
    private mutating func append(_ first: UInt8, _ second: UInt8) {
        reserve(2)
        base[length] = first
        base[length &+ 1] = second
        length &+= 2
    }

    /// Appends `bytes` as they are: one capacity test and a copy.
    @inline(__always)
    private mutating func append(_ bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        guard count > 0 else { return }
        reserve(count)
        UnsafeMutableRawPointer(base + length).copyMemory(from: bytes.baseAddress!, byteCount: count)
        length &+= count
    }

    /// Appends the UTF-8 bytes of `string` as they are.
    private mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends the decimal digits of `value`, with `-` when negative.
    private mutating func appendDecimal(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        if magnitude < 10 {
            append(UInt8(ascii: "0") &+ UInt8(magnitude))
            return
        }
        var digits = 1
        var power: UInt = 10
        while digits < 20 && magnitude >= power {
            digits += 1
            power = power &* 10
        }
        reserve(digits)
        length &+= digits
        var at = length
        while magnitude > 0 {
            at &-= 1
            base[at] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
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
                    append(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[runStart..<(k - 1)]))
                    append(UnsafeRawBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                    runStart = k
                }
            }
            append(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[runStart...]))
        }
    }
}
