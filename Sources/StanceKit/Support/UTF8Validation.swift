/// Strict UTF-8 validation that reports where the input goes wrong.
enum UTF8Validation {
    /// The offset of the first byte that does not start a well-formed UTF-8 sequence, or `nil`.
    ///
    /// Rejects overlong forms, surrogates (U+D800–U+DFFF) and values above U+10FFFF.
    /// - Complexity: O(n); ASCII runs are checked eight bytes at a time.
    static func firstInvalidOffset(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            let count = buffer.count
            var i = 0
            while i < count {
                // Fast path: eight ASCII bytes at once.
                if i + 8 <= count {
                    let word = UnsafeRawPointer(buffer.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 == 0 {
                        i += 8
                        continue
                    }
                }
                let lead = buffer[i]
                if lead < 0x80 {
                    i += 1
                    continue
                }
                let length: Int
                var lower: UInt8 = 0x80
                var upper: UInt8 = 0xBF
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; lower = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; upper = 0x9F
                case 0xF0: length = 4; lower = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; upper = 0x8F
                default: return i
                }
                if i + length > count { return i }
                let second = buffer[i + 1]
                if second < lower || second > upper { return i }
                var k = 2
                while k < length {
                    if buffer[i + k] & 0xC0 != 0x80 { return i }
                    k += 1
                }
                i += length
            }
            return nil
        }
    }
}
