#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file (or standard input) line by line with a fixed buffer: memory grows with the
/// longest line, never with the file.
public final class LineReader {
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
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
    public func next() throws(DocumentError) -> ArraySlice<UInt8>? {
        while true {
            var found: Int?
            if start < buffer.count {
                found = buffer.withUnsafeBufferPointer { all -> Int? in
                    let base = UnsafeRawPointer(all.baseAddress!)
                    guard let hit = memchr(base + start, 0x0A, all.count - start) else { return nil }
                    return UnsafeRawPointer(hit) - base
                }
            }
            if let newline = found {
                var end = newline
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                let line = buffer[start..<end]
                start = newline + 1
                lineNumber += 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                lineNumber += 1
                return line
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(reason: String(cString: strerror(errno)))
            }
            if count == 0 { atEnd = true } else { buffer.append(contentsOf: chunk[0..<count]) }
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

    /// The values of the top-level string members `names` of the object on `line`, in the order
    /// of `names`: `nil` for a member that is absent or not a string. When a name occurs twice,
    /// its last string value counts (a later value of another type is ignored). Every other value is checked and skipped without being decoded.
    /// - Complexity: O(n) in the line's bytes; ASCII runs without escapes are scanned eight
    ///   bytes at a time.
    public static func strings(_ names: [String], in line: ArraySlice<UInt8>) throws(ParseError) -> [String?] {
        let result = line.withUnsafeBufferPointer { buffer -> Result<[String?], ParseError> in
            var parser = Parser(bytes: buffer)
            do throws(ParseError) {
                return .success(try parser.object(names))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i: Int

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            self.i = 0
        }

        func fail(_ message: String) -> ParseError { ParseError(offset: i, message: message) }

        mutating func skipSpace() {
            while i < bytes.endIndex {
                let byte = bytes[i]
                guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { break }
                i += 1
            }
        }

        mutating func expect(_ byte: UInt8) throws(ParseError) {
            skipSpace()
            guard i < bytes.endIndex, bytes[i] == byte else {
                throw fail("expected '\(Character(UnicodeScalar(byte)))'")
            }
            i += 1
        }

        mutating func object(_ names: [String]) throws(ParseError) -> [String?] {
            try expect(UInt8(ascii: "{"))
            var result = [String?](repeating: nil, count: names.count)
            skipSpace()
            if i < bytes.endIndex && bytes[i] == UInt8(ascii: "}") {
                i += 1
                return result
            }
            while true {
                skipSpace()
                let key = try string()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                let wanted = names.firstIndex(of: key)
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
        mutating func string(decoding: Bool = true) throws(ParseError) -> String {
            guard i < bytes.endIndex, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string") }
            i += 1
            /// The decoded bytes, from the first escape on (`nil` before): memory of its own,
            /// sized once for the rest of the line, which no decoded string outgrows.
            var out: RawVector<UInt8>?
            defer { out?.free() }
            var runStart = i
            /// The high bits of the bytes scanned: zero while the string is ASCII.
            var highBits: UInt64 = 0
            while true {
                // Plain bytes need no decoding: skip them 8 at a time (in a local index, which
                // stays in a register), then one by one.
                var k = i
                while k + 8 <= bytes.endIndex {
                    let word = UInt64(littleEndian: WordScan.word(bytes, at: k))
                    // A quote, a backslash or a byte below 0x20 ends the run.
                    let special =
                        WordScan.anyEqual(word, UInt8(ascii: "\"")) | WordScan.anyEqual(word, UInt8(ascii: "\\"))
                        | WordScan.anyBelow(word, 0x20)
                    if special != 0 {
                        // The lowest flagged byte is exact (only bytes above it may be flagged
                        // spuriously), and the bytes before it are plain.
                        let plain = special.trailingZeroBitCount >> 3
                        highBits |= WordScan.anyNonASCII(word & ((1 &<< UInt64(plain &* 8)) &- 1))
                        k += plain
                        break
                    }
                    highBits |= WordScan.anyNonASCII(word)
                    k += 8
                }
                while k < bytes.endIndex {
                    let byte = bytes[k]
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                    highBits |= UInt64(byte & 0x80)
                    k += 1
                }
                i = k
                guard i < bytes.endIndex else { throw fail("unterminated string") }
                let byte = bytes[i]
                if byte == UInt8(ascii: "\"") {
                    if out == nil {
                        // No escape: validate and copy the run in one step. ASCII is valid UTF-8,
                        // so it skips the (generic, slower) validating initializer.
                        let run = UnsafeBufferPointer(rebasing: bytes[runStart..<i])
                        i += 1
                        if highBits == 0 { return decoding ? String(decoding: run, as: UTF8.self) : "" }
                        guard let string = String(validating: run, as: UTF8.self) else {
                            throw fail("string is not valid UTF-8")
                        }
                        return decoding ? string : ""
                    }
                    out!.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                    i += 1
                    break
                }
                if byte < 0x20 { throw fail("control character in a string") }
                if out == nil { out = RawVector(capacity: bytes.endIndex - runStart) }
                out!.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                i += 1
                guard i < bytes.endIndex else { throw fail("unterminated escape") }
                let escape = bytes[i]
                i += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out!.append(escape)
                case UInt8(ascii: "b"): out!.append(0x08)
                case UInt8(ascii: "f"): out!.append(0x0C)
                case UInt8(ascii: "n"): out!.append(0x0A)
                case UInt8(ascii: "r"): out!.append(0x0D)
                case UInt8(ascii: "t"): out!.append(0x09)
                case UInt8(ascii: "u"):
                    highBits |= 0x80  // the decoded scalar may be non-ASCII: validate the whole
                    var value = try hex4()
                    if (0xD800...0xDBFF).contains(value), i + 1 < bytes.endIndex, bytes[i] == UInt8(ascii: "\\"),
                        bytes[i + 1] == UInt8(ascii: "u")
                    {
                        i += 2
                        let low = try hex4()
                        if (0xDC00...0xDFFF).contains(low) {
                            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            for byte in "\u{FFFD}".utf8 { out!.append(byte) }
                            value = low
                        }
                    }
                    let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                    for byte in String(scalar).utf8 { out!.append(byte) }
                default:
                    throw fail("bad escape '\\\(Character(UnicodeScalar(escape)))'")
                }
                runStart = i
            }
            let decoded = out!.buffer
            if highBits == 0 { return decoding ? String(decoding: decoded, as: UTF8.self) : "" }
            guard let string = String(validating: decoded, as: UTF8.self) else {
                throw fail("string is not valid UTF-8")
            }
            return decoding ? string : ""
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
