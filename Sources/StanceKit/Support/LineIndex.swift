/// Maps UTF-8 byte offsets of a text to 1-based lines and columns (columns count Unicode scalars),
/// the way compilers print positions.
public struct LineIndex: Sendable {
    private let bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Positions of offsets given in ascending order, in one pass over the text.
    /// - Complexity: O(n + k) for n bytes up to the last offset and k offsets.
    public func positions(ofAscending offsets: [Int]) -> [(line: Int, column: Int)] {
        var result: [(line: Int, column: Int)] = []
        result.reserveCapacity(offsets.count)
        var line = 1
        var column = 1
        var i = 0
        for offset in offsets {
            let target = min(max(offset, 0), bytes.count)
            if target < i {
                // Not ascending: start again from the top for this one.
                line = 1
                column = 1
                i = 0
            }
            while i < target {
                let byte = bytes[i]
                if byte == 0x0A {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
                i += 1
            }
            result.append((line, column))
        }
        return result
    }

    /// The position of one offset.
    /// - Complexity: O(offset).
    public func position(of offset: Int) -> (line: Int, column: Int) {
        positions(ofAscending: [offset])[0]
    }
}
