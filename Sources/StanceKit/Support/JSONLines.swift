#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file (or standard input) line by line, in 1 MiB reads into arrays that the returned
/// lines share: memory grows with the longest line and with the lines the caller keeps, never
/// with the file.
public final class LineReader {
    private let fd: Int32
    private let ownsDescriptor: Bool
    /// The bytes read; those before `start` were returned. Returned lines share its storage, so
    /// a read after a returned line goes into a new array (see ``refill()``).
    private var buffer: [UInt8] = []
    private var start = 0
    /// The bytes from `start` to here hold no line break.
    private var searched = 0
    private var atEnd = false
    /// Where a read into a `buffer` that no line shares goes (1 MiB, the size of every read).
    private var chunk = [UInt8](repeating: 0, count: 1 << 20)
    /// The 1-based number of the line last returned.
    public private(set) var lineNumber = 0

    /// Opens `path`, or standard input for `-`.
    /// - Throws: ``DocumentError/unreadable(reason:)``.
    public init(path: String) throws(DocumentError) {
        if path == "-" {
            fd = 0
            ownsDescriptor = false
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 { throw .unreadable(reason: String(cString: strerror(errno))) }
            ownsDescriptor = true
        }
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    /// The next line without its line break, or `nil` at the end.
    /// - Throws: ``DocumentError/unreadable(reason:)`` on a read error.
    /// - Complexity: O(n) in the line's bytes (one `memchr`), plus a read now and then.
    public func next() throws(DocumentError) -> ArraySlice<UInt8>? {
        while true {
            do {
                // A local copy, which needs no run-time exclusivity check; it ends before
                // `refill()`, which appends to `buffer` in place when nothing else holds it.
                let buffer = self.buffer
                let from = searched
                let newline = buffer.withUnsafeBufferPointer { all -> Int? in
                    guard from < all.count else { return nil }
                    let base = UnsafeRawPointer(all.baseAddress!)
                    guard let hit = memchr(base + from, 0x0A, all.count - from) else { return nil }
                    return UnsafeRawPointer(hit) - base
                }
                if let newline {
                    var end = newline
                    if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                    let line = buffer[start..<end]
                    start = newline + 1
                    searched = start
                    lineNumber += 1
                    return line
                }
                searched = buffer.count
                if atEnd {
                    guard start < buffer.count else { return nil }
                    let line = buffer[start...]
                    start = buffer.count
                    lineNumber += 1
                    return line
                }
            }
            try refill()
        }
    }

    /// Reads more bytes after the unreturned ones, or sets `atEnd`.
    ///
    /// While no line was returned from `buffer` (`start` is 0), nothing shares it: the bytes are
    /// read into `chunk` and appended in place (its capacity doubles, so a long line costs O(n)).
    /// Otherwise the old array lives on in the lines returned from it, and the unreturned bytes
    /// go to a new one, which the read fills directly. A short read (a pipe, a terminal) moves
    /// its bytes to an array of their size, so that lines do not hold 1 MiB each.
    /// - Throws: ``DocumentError/unreadable(reason:)`` on a read error.
    private func refill() throws(DocumentError) {
        var count = 0
        var error: Int32 = 0
        if start == 0 {
            count = chunk.withUnsafeMutableBytes { readBytes(into: $0.baseAddress!, count: $0.count, error: &error) }
            if count > 0 { buffer.append(contentsOf: chunk[0..<count]) }
        } else {
            let kept = buffer.count - start
            let fresh = [UInt8](unsafeUninitializedCapacity: kept + chunk.count) { to, initialized in
                buffer.withUnsafeBufferPointer {
                    to.baseAddress!.initialize(from: $0.baseAddress! + start, count: kept)
                }
                count = readBytes(into: to.baseAddress! + kept, count: chunk.count, error: &error)
                initialized = kept + max(count, 0)
            }
            if count > 0 {
                if count >= chunk.count / 2 {
                    buffer = fresh
                } else {
                    buffer = [UInt8](unsafeUninitializedCapacity: fresh.count) { to, initialized in
                        fresh.withUnsafeBufferPointer {
                            to.baseAddress!.initialize(from: $0.baseAddress!, count: $0.count)
                        }
                        initialized = fresh.count
                    }
                }
                searched -= start
                start = 0
            }
        }
        if count < 0 { throw .unreadable(reason: String(cString: strerror(error))) }
        if count == 0 { atEnd = true }
    }

    /// Reads up to `count` bytes into `to`, again when a signal interrupts the read.
    /// - Returns: the bytes read, 0 at the end, or -1 with the reason in `error`.
    private func readBytes(into to: UnsafeMutableRawPointer, count: Int, error: inout Int32) -> Int {
        while true {
            let got = read(fd, to, count)
            if got >= 0 || errno != EINTR {
                if got < 0 { error = errno }
                return got
            }
        }
    }
}

/// A minimal JSON reader for one object per line: returns its top-level string members
/// (other values are skipped), with every escape decoded.
public enum JSONLine {
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var offset: Int
        public var message: String
        public var description: String { "\(message) at byte \(offset + 1)" }
    }

    /// Member names to look for, made once for many lines: their UTF-8 side by side, so that a
    /// line's member names are compared with it and no string is made or retained.
    public struct Members: Sendable {
        public let names: [String]
        /// The names' UTF-8 one after another: name k is `utf8[starts[k]..<starts[k + 1]]`.
        let utf8: [UInt8]
        let starts: [Int]
        /// How many names come before the first one that is not ASCII, which an ASCII member name
        /// may equal without being byte-equal (U+212A KELVIN SIGN == "K").
        let asciiPrefix: Int

        public init(_ names: [String]) {
            self.names = names
            var utf8: [UInt8] = []
            var starts = [0]
            for name in names {
                utf8 += name.utf8
                starts.append(utf8.count)
            }
            self.utf8 = utf8
            self.starts = starts
            asciiPrefix = names.firstIndex { !$0.utf8.allSatisfy { $0 < 0x80 } } ?? names.count
        }
    }

    /// The values of the top-level string members `names` of the object on `line`, in the order
    /// of `names`: `nil` for a member that is absent or not a string. When a name occurs twice,
    /// its last string value counts (a later value of another type is ignored). Every other value is checked and skipped without being decoded.
    /// - Complexity: O(n) in the line's bytes; runs without escapes are scanned 32 and 16 bytes
    ///   at a time (``Parser/plainRun(from:copyingTo:high:)``).
    public static func strings(_ names: [String], in line: ArraySlice<UInt8>) throws(ParseError) -> [String?] {
        try strings(Members(names), in: line)
    }

    /// ``strings(_:in:)-([String],_)`` with the names made once (for every line of a file).
    public static func strings(_ members: Members, in line: ArraySlice<UInt8>) throws(ParseError) -> [String?] {
        let result = line.withUnsafeBufferPointer { buffer -> Result<[String?], ParseError> in
            var parser = Parser(bytes: buffer)
            defer { if let scratch = parser.scratch { PlainMemory.free(scratch) } }
            do throws(ParseError) {
                return .success(try parser.object(members))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i: Int
        /// Room for the decoded bytes of an escaped string: as many bytes as the line, allocated at
        /// the first escape on the line and freed by ``JSONLine/strings(_:in:)-(Members,_)``.
        var scratch: UnsafeMutablePointer<UInt8>?

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            self.i = 0
            self.scratch = nil
        }

        func fail(_ message: String) -> ParseError { ParseError(offset: i, message: message) }

        mutating func skipSpace() {
            while i < bytes.endIndex {
                let byte = bytes[i]
                guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { break }
                i += 1
            }
        }

        @inline(__always)
        mutating func expect(_ byte: UInt8) throws(ParseError) {
            skipSpace()
            guard i < bytes.endIndex, bytes[i] == byte else {
                throw fail("expected '\(Character(UnicodeScalar(byte)))'")
            }
            i += 1
        }

        mutating func object(_ members: Members) throws(ParseError) -> [String?] {
            let names = members.names
            try expect(UInt8(ascii: "{"))
            // Not `Array(repeating:count:)`, which looks the array type up at run time (about 400
            // instructions a line); growing an empty array does not.
            var result: [String?] = []
            result.reserveCapacity(names.count)
            for _ in names { result.append(nil) }
            skipSpace()
            if i < bytes.endIndex && bytes[i] == UInt8(ascii: "}") {
                i += 1
                return result
            }
            while true {
                skipSpace()
                let wanted = try member(of: members)
                try expect(UInt8(ascii: ":"))
                skipSpace()
                if i < bytes.endIndex && bytes[i] == UInt8(ascii: "\"") {
                    if let wanted {
                        result[wanted] = try string()
                    } else {
                        _ = try string(decoding: false)
                    }
                } else {
                    try skipValue()
                }
                skipSpace()
                guard i < bytes.endIndex else { throw fail("unterminated object") }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                if bytes[i] == UInt8(ascii: "}") {
                    i += 1
                    break
                }
                throw fail("expected ',' or '}'")
            }
            skipSpace()
            guard i == bytes.endIndex else { throw fail("text after the object") }
            return result
        }

        /// Reads a member name: its index in `members` (the first equal one), or `nil`.
        ///
        /// A name of plain ASCII bytes is compared with the UTF-8 of each of the names: it equals
        /// an ASCII name exactly when the bytes are equal (`==` is canonical equivalence, which
        /// for ASCII is byte equality), but may equal a non-ASCII one (U+212A KELVIN SIGN == "K").
        /// Any other name, or one met before a non-ASCII name, is read with
        /// ``string(decoding:)`` and compared as a string.
        /// - Complexity: O(n) in the name's bytes and those of the names up to the match.
        mutating func member(of members: Members) throws(ParseError) -> Int? {
            if i < bytes.endIndex, bytes[i] == UInt8(ascii: "\"") {
                var high = SIMD16<UInt8>()
                let end = plainRun(from: i + 1, copyingTo: nil, high: &high)
                let words = unsafeBitCast(high, to: SIMD2<UInt64>.self)
                if end < bytes.endIndex, bytes[end] == UInt8(ascii: "\""),
                    WordScan.anyNonASCII(words[0] | words[1]) == 0
                {
                    let start = i + 1
                    let length = end - start
                    let found = members.utf8.withUnsafeBufferPointer { utf8 -> Int? in
                        for k in 0..<members.asciiPrefix {
                            let from = members.starts[k]
                            if members.starts[k + 1] - from == length
                                && (length == 0
                                    || memcmp(utf8.baseAddress! + from, bytes.baseAddress! + start, length) == 0)
                            {
                                return k
                            }
                        }
                        return nil
                    }
                    if found != nil || members.asciiPrefix == members.names.count {
                        i = end + 1
                        return found
                    }
                }
            }
            let key = try string()
            return members.names.firstIndex(of: key)
        }

        /// Skips a number, literal, array or object (nesting counted outside strings).
        mutating func skipValue() throws(ParseError) {
            var depth = 0
            while i < bytes.endIndex {
                let byte = bytes[i]
                switch byte {
                case UInt8(ascii: "\""):
                    _ = try string(decoding: false)
                    if depth == 0 { return }
                    continue
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if depth == 0 { return }
                    depth -= 1
                    if depth == 0 {
                        i += 1
                        return
                    }
                case UInt8(ascii: ","):
                    if depth == 0 { return }
                default:
                    break
                }
                i += 1
            }
            if depth > 0 { throw fail("unterminated value") }
        }

        /// Reads a string; with `decoding` false, checks it (escapes, UTF-8) and returns "".
        ///
        /// A string without escapes is made straight from the line's bytes. From the first escape
        /// on, the decoded bytes go to ``scratch``: plain runs are copied 32 or 16 bytes at a time
        /// as they are scanned, escapes are decoded in place, and the string is made once at the
        /// end.
        /// ASCII is valid UTF-8, so a string is validated only when non-ASCII bytes were seen.
        /// - Complexity: O(n) in the string's bytes on the line.
        mutating func string(decoding: Bool = true) throws(ParseError) -> String {
            guard i < bytes.endIndex, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string") }
            let start = i + 1
            /// The bytes scanned ORed together (see ``plainRun(from:copyingTo:high:)``).
            var high = SIMD16<UInt8>()
            // The position, in a local (a register); `i` follows it before a `fail` or `hex4`.
            var k = plainRun(from: start, copyingTo: nil, high: &high)
            guard k < bytes.endIndex else {
                i = k
                throw fail("unterminated string")
            }
            if bytes[k] == UInt8(ascii: "\"") {
                i = k + 1
                return try made(
                    from: UnsafeBufferPointer(rebasing: bytes[start..<k]), checking: high, decoding: decoding)
            }
            if scratch == nil { scratch = PlainMemory.allocate(count: bytes.count) }
            let out = scratch!
            // Decoding never lengthens the text (an escape gives at most one byte for each of its
            // own), so the decoded bytes of the string up to byte k of the line end before
            // `out + k`, and a store of bytes k..<k + 32 (or 16) stays inside `scratch`.
            out.initialize(from: bytes.baseAddress! + start, count: k - start)
            var count = k - start
            while true {
                let byte = bytes[k]
                if byte == UInt8(ascii: "\"") {
                    i = k + 1
                    break
                }
                guard byte >= 0x20 else {
                    i = k
                    throw fail("control character in a string")
                }
                k += 1
                guard k < bytes.endIndex else {
                    i = k
                    throw fail("unterminated escape")
                }
                let escape = bytes[k]
                k += 1
                if escape == UInt8(ascii: "u") {
                    i = k
                    count &+= try unicodeEscape(into: out + count)
                    k = i
                } else {
                    let decoded: UInt8
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded = escape
                    case UInt8(ascii: "b"): decoded = 0x08
                    case UInt8(ascii: "f"): decoded = 0x0C
                    case UInt8(ascii: "n"): decoded = 0x0A
                    case UInt8(ascii: "r"): decoded = 0x0D
                    case UInt8(ascii: "t"): decoded = 0x09
                    default:
                        i = k
                        throw fail("bad escape '\\\(Character(UnicodeScalar(escape)))'")
                    }
                    out[count] = decoded
                    count &+= 1
                }
                let end = plainRun(from: k, copyingTo: out + count, high: &high)
                count &+= end &- k
                k = end
                guard k < bytes.endIndex else {
                    i = k
                    throw fail("unterminated string")
                }
            }
            return try made(from: UnsafeBufferPointer(start: out, count: count), checking: high, decoding: decoding)
        }

        /// The string of the UTF-8 `run` (or "" when not `decoding`), validated only when `high`
        /// has a lane with its high bit set.
        /// - Throws: "string is not valid UTF-8" at the current offset.
        func made(from run: UnsafeBufferPointer<UInt8>, checking high: SIMD16<UInt8>, decoding: Bool)
            throws(ParseError) -> String
        {
            let words = unsafeBitCast(high, to: SIMD2<UInt64>.self)
            if WordScan.anyNonASCII(words[0] | words[1]) == 0 {
                return decoding ? String(decoding: run, as: UTF8.self) : ""
            }
            guard let string = String(validating: run, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
            return decoding ? string : ""
        }

        /// The index of the first quote, backslash or byte below 0x20 at `start` or after (the end
        /// of the line if there is none). With `out`, also copies the bytes before it there, and
        /// may write up to 31 bytes more after them.
        ///
        /// ORs the bytes scanned into `high`: those before the index and up to 31 after it, which
        /// may lie past the string. A lane of `high` has its high bit set when the string may have
        /// non-ASCII bytes (and must be validated), and clear when it has none.
        /// - Complexity: O(n) in the bytes scanned, about 17 instructions for 16 bytes (32 at a
        ///   time, then 16); the line's last 15 bytes one by one.
        @inline(__always)
        func plainRun(from start: Int, copyingTo out: UnsafeMutablePointer<UInt8>?, high: inout SIMD16<UInt8>) -> Int {
            let base = UnsafeRawPointer(bytes.baseAddress!)
            var k = start
            while k &+ 32 <= bytes.endIndex {
                let first = base.loadUnaligned(fromByteOffset: k, as: SIMD16<UInt8>.self)
                let second = base.loadUnaligned(fromByteOffset: k &+ 16, as: SIMD16<UInt8>.self)
                if let out {
                    let to = UnsafeMutableRawPointer(out + (k &- start))
                    to.storeBytes(of: first, as: SIMD16<UInt8>.self)
                    to.storeBytes(of: second, toByteOffset: 16, as: SIMD16<UInt8>.self)
                }
                high |= first | second
                let special = (Parser.special(first), Parser.special(second))
                if Parser.firstFlagged(special.0 | special.1) < 16 {
                    let index = Parser.firstFlagged(special.0)
                    return k &+ (index < 16 ? index : 16 &+ Parser.firstFlagged(special.1))
                }
                k &+= 32
            }
            if k &+ 16 <= bytes.endIndex {
                let lanes = base.loadUnaligned(fromByteOffset: k, as: SIMD16<UInt8>.self)
                if let out { UnsafeMutableRawPointer(out + (k &- start)).storeBytes(of: lanes, as: SIMD16<UInt8>.self) }
                high |= lanes
                let index = Parser.firstFlagged(Parser.special(lanes))
                if index < 16 { return k &+ index }
                k &+= 16
            }
            var tail: UInt8 = 0
            while k < bytes.endIndex {
                let byte = bytes[k]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                if let out { out[k &- start] = byte }
                tail |= byte
                k &+= 1
            }
            high[0] |= tail
            return k
        }

        /// 0x80 in the lanes of `lanes` that hold a quote, a backslash or a byte below 0x20, 0 in
        /// the others.
        ///
        /// Wrapping arithmetic, exact in each lane (SWAR without carries between bytes): below
        /// 0x80, `x &- 1` has its high bit set only for 0, and `x &- 0x20` only for `x` below
        /// 0x20; `& ~lanes` drops the bytes from 0x80 on. (The SIMD comparisons, `.==` and
        /// `.<`, would run lane by lane.)
        @inline(__always)
        static func special(_ lanes: SIMD16<UInt8>) -> SIMD16<UInt8> {
            let ones = SIMD16<UInt8>(repeating: 1)
            let quote: SIMD16<UInt8> = (lanes ^ SIMD16(repeating: UInt8(ascii: "\""))) &- ones
            let backslash: SIMD16<UInt8> = (lanes ^ SIMD16(repeating: UInt8(ascii: "\\"))) &- ones
            let control: SIMD16<UInt8> = lanes &- SIMD16(repeating: 0x20)
            return (quote | backslash | control) & ~lanes & SIMD16(repeating: 0x80)
        }

        /// The first lane of `flags` that is not 0, or 16 if none is.
        @inline(__always)
        static func firstFlagged(_ flags: SIMD16<UInt8>) -> Int {
            let words = unsafeBitCast(flags, to: SIMD2<UInt64>.self)
            if words[0] != 0 { return words[0].trailingZeroBitCount &>> 3 }
            return 8 &+ words[1].trailingZeroBitCount &>> 3
        }

        /// Decodes the `\\u` escape whose hex digits start at `i` (with a second escape after a
        /// high surrogate) into `out`, and moves `i` past it.
        /// - Returns: the bytes written, at most 6 for the 12 bytes of two escapes (U+FFFD and a
        ///   scalar when the second is not a low surrogate); a lone surrogate becomes U+FFFD, so the
        ///   bytes are always valid UTF-8.
        mutating func unicodeEscape(into out: UnsafeMutablePointer<UInt8>) throws(ParseError) -> Int {
            var count = 0
            func put(_ scalar: Unicode.Scalar) {
                for byte in scalar.utf8 {
                    out[count] = byte
                    count += 1
                }
            }
            var value = try hex4()
            if (0xD800...0xDBFF).contains(value), i + 1 < bytes.endIndex, bytes[i] == UInt8(ascii: "\\"),
                bytes[i + 1] == UInt8(ascii: "u")
            {
                i += 2
                let low = try hex4()
                if (0xDC00...0xDFFF).contains(low) {
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    put("\u{FFFD}")
                    value = low
                }
            }
            put(Unicode.Scalar(value) ?? "\u{FFFD}")
            return count
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard i + 4 <= bytes.endIndex else { throw fail("short \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[i]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw fail("bad \\u escape")
                }
                value = value << 4 | digit
                i += 1
            }
            return value
        }
    }
}
