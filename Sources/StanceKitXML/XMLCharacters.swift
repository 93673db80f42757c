/// The characters XML 1.0 can carry.
public enum XMLCharacters {
    /// Whether the scalar matches XML 1.0's `Char` production: tab, LF, CR, U+0020–U+D7FF,
    /// U+E000–U+FFFD and U+10000–U+10FFFF.
    @inline(__always)
    public static func isAllowed(_ value: UInt32) -> Bool {
        switch value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// The first scalar of `text` that XML 1.0 cannot carry, with its UTF-8 byte offset.
    /// - Complexity: O(n).
    public static func firstDisallowed(in text: String) -> (scalar: UInt32, byteOffset: Int)? {
        var offset = 0
        for scalar in text.unicodeScalars {
            if !isAllowed(scalar.value) { return (scalar.value, offset) }
            offset += UTF8.width(scalar)
        }
        return nil
    }

    /// `text` with every scalar XML 1.0 cannot carry replaced by U+FFFD, for attribute values
    /// such as file names (never for the document text, whose offsets must not move).
    public static func replacingDisallowed(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !isAllowed($0.value) }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(isAllowed(scalar.value) ? scalar : "\u{FFFD}") }
        return String(result)
    }
}
