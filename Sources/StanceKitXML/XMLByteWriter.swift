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
/// Names are best passed as literals: the `StaticString` methods copy a name's bytes from the
/// binary with no `String` in between, and are the ones Swift picks for a literal (the `String`
/// methods, needed for ``XMLWriting``, are marked as disfavoured overloads).
///
/// - Complexity: O(n) in the bytes written; text is scanned for characters to escape sixteen
///   bytes at a time (about 2.5 instructions a byte, see ``escape(_:attribute:disallowed:)``),
///   and each run of bytes between two characters to escape is copied at once.
///
/// Noncopyable: it owns its buffer (raw memory, freed in `deinit`) and writes through a pointer,
/// so a byte costs a capacity test and a store, with no uniqueness test of an array.
struct XMLByteWriter: XMLWriting, ~Copyable {
    /// An element whose end tag is still to come. Its name is not kept: the end tag copies it
    /// from the start tag, already in the output.
    private struct OpenElement {
        /// Where the name lies in the output (byte offset and byte count).
        var nameOffset: Int
        var nameCount: Int
        /// Whether the start tag still lacks its `>`.
        var tagOpen = true
        /// Whether child elements, or text, were written.
        var hasChildren = false
        var hasText = false
    }

    /// The output: `length` bytes written of `capacity` allocated.
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var length = 0
    /// Open elements, innermost last: `depth` of `openCapacity` allocated.
    private var open: UnsafeMutablePointer<OpenElement>
    private var openCapacity = 8
    private var depth = 0

    init(capacity: Int = 4096) {
        self.capacity = max(capacity, 64)
        base = PlainMemory.allocate(count: self.capacity)
        open = PlainMemory.allocate(count: openCapacity)
    }

    deinit {
        PlainMemory.free(base)
        PlainMemory.free(open)
    }

    mutating func startDocument() {
        append(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        append(0x0A)
    }

    /// Starts `<name`: a fixed name, copied from the binary.
    mutating func startElement(_ name: StaticString) {
        name.withUTF8Buffer { startElement($0) }
    }

    @_disfavoredOverload
    mutating func startElement(_ name: String) {
        var name = name
        name.withUTF8 { startElement($0) }
    }

    private mutating func startElement(_ name: UnsafeBufferPointer<UInt8>) {
        if depth > 0 {
            closeStartTag()
            open[depth &- 1].hasChildren = true
            if !open[depth &- 1].hasText { newline(depth: depth) }
        }
        if depth == openCapacity {
            let larger = PlainMemory.allocate(OpenElement.self, count: 2 * openCapacity)
            larger.moveInitialize(from: open, count: depth)
            PlainMemory.free(open)
            open = larger
            openCapacity *= 2
        }
        append(UInt8(ascii: "<"))
        (open + depth).initialize(to: OpenElement(nameOffset: length, nameCount: name.count))
        depth &+= 1
        append(UnsafeRawBufferPointer(name))
    }

    mutating func attribute(_ name: StaticString, _ value: String) {
        name.withUTF8Buffer { startAttribute($0) }
        escape(value, attribute: true)
        append(UInt8(ascii: "\""))
    }

    @_disfavoredOverload
    mutating func attribute(_ name: String, _ value: String) {
        startAttribute(name)
        escape(value, attribute: true)
        append(UInt8(ascii: "\""))
    }

    /// An attribute whose value is `value` with every character XML 1.0 cannot carry written as
    /// U+FFFD (as ``XMLCharacters/replacingDisallowed(_:)`` would, with no string made).
    mutating func attribute(_ name: StaticString, replacingDisallowed value: String) {
        name.withUTF8Buffer { startAttribute($0) }
        var value = value
        value.withUTF8 { _ = escape($0, attribute: true, disallowed: .replace) }
        append(UInt8(ascii: "\""))
    }

    mutating func attribute(_ name: StaticString, _ value: Int) {
        name.withUTF8Buffer { startAttribute($0) }
        appendDecimal(value)
        append(UInt8(ascii: "\""))
    }

    @_disfavoredOverload
    mutating func attribute(_ name: String, _ value: Int) {
        startAttribute(name)
        appendDecimal(value)
        append(UInt8(ascii: "\""))
    }

    mutating func attribute(_ name: StaticString, prefix: StaticString, _ number: Int) {
        name.withUTF8Buffer { startAttribute($0) }
        prefix.withUTF8Buffer { append(UnsafeRawBufferPointer($0)) }
        appendDecimal(number)
        append(UInt8(ascii: "\""))
    }

    @_disfavoredOverload
    mutating func attribute(_ name: String, prefix: String, _ number: Int) {
        startAttribute(name)
        append(prefix)
        appendDecimal(number)
        append(UInt8(ascii: "\""))
    }

    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { text($0) }
    }

    /// Text given as UTF-8 bytes (a part of a larger text, say), escaped.
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        precondition(depth > 0, "text outside every element")
        closeStartTag()
        open[depth &- 1].hasText = true
        _ = escape(bytes, attribute: false, disallowed: .keep)
    }

    /// Text given as UTF-8 bytes, escaped, unless it holds a character XML 1.0 cannot carry
    /// (see ``XMLCharacters/firstDisallowed(in:)``): then returns `false`, having written part of
    /// it, and the writer's output is to be thrown away. The test costs about 1.5 instructions a
    /// byte more than plain text, and saves a pass of its own over the text.
    mutating func textIfAllowed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        precondition(depth > 0, "text outside every element")
        closeStartTag()
        open[depth &- 1].hasText = true
        return escape(bytes, attribute: false, disallowed: .reject)
    }

    mutating func endElement() {
        precondition(depth > 0, "an end tag without a start tag")
        depth &-= 1
        let element = open[depth]
        if element.tagOpen {
            append(UInt8(ascii: "/"), UInt8(ascii: ">"))
            return
        }
        if element.hasChildren && !element.hasText { newline(depth: depth) }
        // `</name>`, the name copied from the start tag.
        let count = element.nameCount
        reserve(count &+ 3)
        base[length] = UInt8(ascii: "<")
        base[length &+ 1] = UInt8(ascii: "/")
        (base + (length &+ 2)).update(from: base + element.nameOffset, count: count)
        base[length &+ 2 &+ count] = UInt8(ascii: ">")
        length &+= count &+ 3
    }

    /// Closes every open element and returns the bytes.
    mutating func finish() -> [UInt8] {
        while depth > 0 { endElement() }
        append(0x0A)
        return Array(UnsafeBufferPointer(start: base, count: length))
    }

    private mutating func closeStartTag() {
        guard depth > 0, open[depth &- 1].tagOpen else { return }
        append(UInt8(ascii: ">"))
        open[depth &- 1].tagOpen = false
    }

    /// A line feed and two spaces per level of `depth`.
    private mutating func newline(depth: Int) {
        let count = 1 &+ 2 &* depth
        reserve(count)
        base[length] = 0x0A
        for k in 1..<count { base[length &+ k] = 0x20 }
        length &+= count
    }

    /// ` name="`
    private mutating func startAttribute(_ name: UnsafeBufferPointer<UInt8>) {
        let count = name.count
        reserve(count &+ 3)
        base[length] = 0x20
        (base + (length &+ 1)).update(from: name.baseAddress!, count: count)
        base[length &+ 1 &+ count] = UInt8(ascii: "=")
        base[length &+ 2 &+ count] = UInt8(ascii: "\"")
        length &+= count &+ 3
    }

    @_disfavoredOverload
    private mutating func startAttribute(_ name: String) {
        var name = name
        name.withUTF8 { startAttribute($0) }
    }

    /// Makes room for `count` more bytes: doubles the buffer when it is short.
    @inline(__always)
    private mutating func reserve(_ count: Int) {
        if length &+ count > capacity { grow(count) }
    }

    private mutating func grow(_ count: Int) {
        let newCapacity = max(2 * capacity, length + count)
        let newBase = PlainMemory.allocate(UInt8.self, count: newCapacity)
        newBase.update(from: base, count: length)
        PlainMemory.free(base)
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
        value.withUTF8 { _ = escape($0, attribute: attribute, disallowed: .keep) }
    }

    /// What ``escape(_:attribute:disallowed:)`` does with a character XML 1.0 cannot carry.
    enum Disallowed {
        /// Writes it as it is (the caller knows there is none).
        case keep
        /// Stops and returns `false`.
        case reject
        /// Writes U+FFFD instead.
        case replace
    }

    /// Appends `bytes` (UTF-8) escaped: `&`, `<`, `>`, `"` and CR always; LF and tab too in
    /// attributes. Returns `false` when `disallowed` is `.reject` and the bytes hold a character
    /// XML 1.0 cannot carry (a C0 control but tab, LF and CR; U+FFFE; U+FFFF), `true` otherwise.
    ///
    /// Sixteen bytes with nothing to look at cost one test of about 40 instructions (2.5 a
    /// byte); a word of eight with something gives the exact set of its bytes to look at, each
    /// then costing about 15 instructions (a line feed, mostly, when checking), and the clean
    /// run before a byte to escape is copied at once. Inlined, so that `attribute` and
    /// `disallowed` are constants in each copy.
    @inline(__always)
    private mutating func escape(
        _ bytes: UnsafeBufferPointer<UInt8>, attribute: Bool, disallowed: Disallowed
    ) -> Bool {
        let count = bytes.count
        guard count > 0 else { return true }
        let start = bytes.baseAddress!
        let check = disallowed != .keep
        let high: UInt64 = 0x8080_8080_8080_8080
        /// The eight bytes at `offset`, the first in the lowest bits.
        func word(at offset: Int) -> UInt64 {
            UInt64(littleEndian: UnsafeRawPointer(start + offset).loadUnaligned(as: UInt64.self))
        }
        // Bytes are copied in runs: [runStart, k) is pending.
        var runStart = 0
        var k = 0
        while k < count {
            // Sixteen bytes at a time while there is nothing to look at: the run grows.
            while k &+ 16 <= count {
                let both =
                    Self.unremarkable(word(at: k), attribute: attribute, check: check)
                    & Self.unremarkable(word(at: k &+ 8), attribute: attribute, check: check)
                if both & high != high { break }
                k &+= 16
            }
            guard k < count else { break }
            var hits: UInt64
            if k &+ 8 <= count {
                hits = ~Self.unremarkable(word(at: k), attribute: attribute, check: check) & high
            } else {
                // The last one to seven bytes; the missing high bytes are masked off.
                var partial: UInt64 = 0
                for index in k..<count { partial |= UInt64(start[index]) &<< UInt64(8 &* (index &- k)) }
                hits = ~Self.unremarkable(partial, attribute: attribute, check: check) & high
                hits &= (1 &<< UInt64(8 &* (count &- k))) &- 1
            }
            while hits != 0 {
                let at = k &+ hits.trailingZeroBitCount &>> 3
                hits &= hits &- 1
                // The replacement, its bytes packed little-endian into a word, and their count.
                let replacement: (bytes: UInt64, count: Int)
                var skipped = 1
                switch start[at] {
                case UInt8(ascii: "&"): replacement = (0x3B_70_6D_61_26, 5)  // &amp;
                case UInt8(ascii: "<"): replacement = (0x3B_74_6C_26, 4)  // &lt;
                case UInt8(ascii: ">"): replacement = (0x3B_74_67_26, 4)  // &gt;
                case UInt8(ascii: "\""): replacement = (0x3B_74_6F_75_71_26, 6)  // &quot;
                case 0x0D: replacement = (0x3B_33_31_23_26, 5)  // &#13;
                case 0x0A:
                    guard attribute else { continue }
                    replacement = (0x3B_30_31_23_26, 5)  // &#10;
                case 0x09:
                    guard attribute else { continue }
                    replacement = (0x3B_39_23_26, 4)  // &#9;
                case 0xEF:
                    // U+FFFE and U+FFFF are EF BF BE and EF BF BF; other EF sequences are fine.
                    // (BF and BE are never hits, so none is passed over.)
                    guard at &+ 2 < count, start[at &+ 1] == 0xBF, start[at &+ 2] >= 0xBE else { continue }
                    if disallowed == .reject { return false }
                    replacement = (0xBD_BF_EF, 3)  // U+FFFD
                    skipped = 3
                default:
                    // Another C0 control.
                    if disallowed == .reject { return false }
                    replacement = (0xBD_BF_EF, 3)  // U+FFFD
                }
                // The clean run before, then the replacement (eight bytes stored, `count` kept).
                let run = at &- runStart
                reserve(run &+ 8)
                if run > 0 { (base + length).update(from: start + runStart, count: run) }
                length &+= run
                UnsafeMutableRawPointer(base + length).storeBytes(
                    of: UInt64(littleEndian: replacement.bytes), as: UInt64.self)
                length &+= replacement.count
                runStart = at &+ skipped
            }
            k &+= 8
        }
        if runStart < count {
            let run = count &- runStart
            reserve(run)
            (base + length).update(from: start + runStart, count: run)
            length &+= run
        }
        return true
    }

    /// For each byte of `word`, its high bit set when the byte needs no look: it is not `&`,
    /// `<`, `>`, `"` or CR, nor LF or tab in an `attribute`; and, to `check` for characters XML
    /// cannot carry, not a C0 control (tab, LF and CR included) nor 0xEF, the lead byte of
    /// U+FFFE and U+FFFF. Exact, with no false hits: about 18 instructions.
    @inline(__always)
    private static func unremarkable(_ word: UInt64, attribute: Bool, check: Bool) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low = ones &* 0x7F
        let low7 = word & low
        // For a byte b below 0x80, the high bit of ((b & mask) ^ c) + 0x7F is set exactly when
        // b & mask != c; the sum stays below 0x100, so no byte carries into the next. `"` and
        // `&` differ only in bit 2, `<` and `>` only in bit 1, tab and CR only in bit 2.
        var ascii =
            (((word & (ones &* 0x7B)) ^ (ones &* 0x22)) &+ low)
            & (((word & (ones &* 0x7D)) ^ (ones &* 0x3C)) &+ low)
        if check {
            ascii &= low7 &+ (ones &* 0x60)  // high bit set when b >= 0x20
        } else if attribute {
            ascii &= (((word & (ones &* 0x7B)) ^ (ones &* 0x09)) &+ low) & ((low7 ^ (ones &* 0x0A)) &+ low)
        } else {
            ascii &= (low7 ^ (ones &* 0x0D)) &+ low
        }
        // A byte of 0x80 or above is none of those; when checking, 0xEF is looked at.
        var result = ascii | word
        if check { result &= ((low7 ^ (ones &* 0x6F)) &+ low) | ~word }
        return result
    }
}
