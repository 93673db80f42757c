/// The unit in which an export counts offsets.
public enum OffsetUnit: String, Sendable, CaseIterable {
    /// Unicode scalar values (code points): brat, Python, TEI. The default.
    case codepoint
    /// UTF-16 code units: Java-based tools (GATE, UIMA, INCEpTION).
    case utf16
    /// UTF-8 bytes: StanceKit's internal unit.
    case utf8
}

/// Converts UTF-8 byte offsets of one text into another ``OffsetUnit`` and back.
///
/// Built once per document with one pass over the text; each conversion then costs
/// O(log n) in the number of non-ASCII scalars. Pure-ASCII texts convert in O(1).
public struct OffsetConverter: Sendable {
    /// For every non-ASCII scalar: its UTF-8 byte offset.
    private let byteStarts: [Int]
    /// For every non-ASCII scalar: the extra UTF-8 bytes it uses beyond one, cumulated *before* it.
    private let extraBytesBefore: [Int]
    /// For every non-ASCII scalar: the extra UTF-16 units (1 for scalars above U+FFFF) cumulated before it.
    private let extraUTF16Before: [Int]
    /// Extra bytes contributed by each non-ASCII scalar (1, 2 or 3).
    private let extraBytes: [UInt8]
    /// Total length of the text in UTF-8 bytes.
    public let utf8Count: Int

    /// - Complexity: O(n) in the length of `text`; ASCII is passed over eight bytes at a time.
    public init(text: String) {
        var starts: [Int] = []
        var extraBefore: [Int] = []
        var utf16Before: [Int] = []
        var extras: [UInt8] = []
        var cumulatedBytes = 0
        var cumulatedUTF16 = 0
        var text = text
        // A String is valid UTF-8: each lead byte gives its scalar's width; ASCII is skipped.
        utf8Count = text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                // Eight ASCII bytes at once.
                if offset + 8 <= bytes.count && WordScan.anyNonASCII(WordScan.word(bytes, at: offset)) == 0 {
                    offset += 8
                    continue
                }
                let byte = bytes[offset]
                if byte < 0x80 {
                    offset += 1
                    continue
                }
                let width = byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                starts.append(offset)
                extraBefore.append(cumulatedBytes)
                utf16Before.append(cumulatedUTF16)
                extras.append(UInt8(width - 1))
                cumulatedBytes += width - 1
                if width == 4 { cumulatedUTF16 += 1 }
                offset += width
            }
            return bytes.count
        }
        byteStarts = starts
        extraBytesBefore = extraBefore
        extraUTF16Before = utf16Before
        extraBytes = extras
    }

    /// Index of the first non-ASCII scalar starting at or after `byteOffset`.
    private func firstScalar(atOrAfter byteOffset: Int) -> Int {
        var low = 0
        var high = byteStarts.count
        while low < high {
            let mid = (low + high) / 2
            if byteStarts[mid] < byteOffset { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Converts a UTF-8 byte offset on a scalar boundary into `unit`.
    public func offset(_ byteOffset: Int, in unit: OffsetUnit) -> Int {
        if unit == .utf8 || byteStarts.isEmpty { return byteOffset }
        let index = firstScalar(atOrAfter: byteOffset)
        let extraBytesSoFar: Int
        let extraUTF16SoFar: Int
        if index == byteStarts.count {
            extraBytesSoFar = extraBytesBefore[index - 1] + Int(extraBytes[index - 1])
            let last = index - 1
            extraUTF16SoFar = extraUTF16Before[last] + (extraBytes[last] == 3 ? 1 : 0)
        } else {
            extraBytesSoFar = extraBytesBefore[index]
            extraUTF16SoFar = extraUTF16Before[index]
        }
        let scalars = byteOffset - extraBytesSoFar
        return unit == .codepoint ? scalars : scalars + extraUTF16SoFar
    }

    /// Converts an offset counted in `unit` back into a UTF-8 byte offset.
    ///
    /// - Returns: `nil` when the offset lies beyond the text or inside a scalar (UTF-16 only).
    /// - Complexity: O(log n).
    public func byteOffset(_ offset: Int, from unit: OffsetUnit) -> Int? {
        if offset < 0 { return nil }
        if unit == .utf8 || byteStarts.isEmpty { return offset <= utf8Count ? offset : nil }
        // Find the number of non-ASCII scalars wholly before the target by binary search on the
        // target's position in the chosen unit.
        var low = 0
        var high = byteStarts.count
        while low < high {
            let mid = (low + high) / 2
            let unitStart = unitStartOfScalar(mid, in: unit)
            if unitStart < offset { low = mid + 1 } else { high = mid }
        }
        // `low` scalars start before the target. If the previous one spans over it, the target
        // falls inside a surrogate pair.
        if low > 0 {
            let previous = low - 1
            let previousStart = unitStartOfScalar(previous, in: unit)
            let previousWidth = unit == .utf16 && extraBytes[previous] == 3 ? 2 : 1
            if offset > previousStart && offset < previousStart + previousWidth { return nil }
            if offset >= previousStart + previousWidth {
                let byte =
                    byteStarts[previous] + Int(extraBytes[previous]) + 1 + (offset - previousStart - previousWidth)
                return byte <= utf8Count ? byte : nil
            }
        }
        return offset <= utf8Count ? offset : nil
    }

    /// Where the `index`-th non-ASCII scalar starts, counted in `unit`.
    private func unitStartOfScalar(_ index: Int, in unit: OffsetUnit) -> Int {
        let scalars = byteStarts[index] - extraBytesBefore[index]
        return unit == .codepoint ? scalars : scalars + extraUTF16Before[index]
    }
}
