import StanceKitXML
import Testing

/// The word-at-a-time scan for characters XML 1.0 forbids, against a scalar-by-scalar reading.
@Suite struct XMLCharactersTests {
    /// The first forbidden scalar and its UTF-8 offset, one scalar at a time.
    static func reference(_ text: String) -> (scalar: UInt32, byteOffset: Int)? {
        var offset = 0
        for scalar in text.unicodeScalars {
            if !XMLCharacters.isAllowed(scalar.value) { return (scalar.value, offset) }
            offset += UTF8.width(scalar)
        }
        return nil
    }

    static func check(_ text: String) {
        let found = XMLCharacters.firstDisallowed(in: text)
        let expected = reference(text)
        #expect(found?.scalar == expected?.scalar, "\(Array(text.utf8))")
        #expect(found?.byteOffset == expected?.byteOffset, "\(Array(text.utf8))")
    }

    /// Forbidden characters (C0 controls, U+FFFE, U+FFFF) and their allowed neighbours (tab, LF,
    /// CR, U+FEFF, U+FFFD, other `EF`-led characters) at every position modulo 8, after
    /// prefixes of one-, two-, three- and four-byte characters, alone and after allowed controls.
    @Test func matchesTheScalarReadingAtEveryPosition() {
        let forbidden: [Unicode.Scalar] = [
            "\u{0}", "\u{1}", "\u{8}", "\u{B}", "\u{C}", "\u{1F}", "\u{FFFE}", "\u{FFFF}",
        ]
        let allowed: [Unicode.Scalar] = [
            "\t", "\n", "\r", " ", "\u{FEFF}", "\u{FFFD}", "\u{FF21}", "\u{EFFF}", "\u{7F}",
        ]
        let fillers = ["a", "é", "€", "😀", "\n", "\r\n\t"]
        for filler in fillers {
            for position in 0..<24 {
                let prefix =
                    String(repeating: "x", count: position % 8) + String(repeating: filler, count: position / 8)
                for bad in forbidden {
                    for good in allowed {
                        Self.check(prefix + String(good) + String(bad) + "tail of some length")
                        Self.check(prefix + String(bad) + String(good) + "x")
                        Self.check(prefix + String(good) + "more than eight bytes of text" + String(bad))
                    }
                }
                for good in allowed { Self.check(prefix + String(good) + String(repeating: "z", count: position)) }
            }
        }
    }

    @Test func randomTextsMatchTheScalarReading() {
        let pool: [Unicode.Scalar] = [
            "a", "b", " ", "\t", "\n", "\r", "\u{0}", "\u{1}", "\u{1F}", "é", "€", "😀", "\u{FEFF}", "\u{FFFD}",
            "\u{FFFE}", "\u{FFFF}", "\u{FF61}", "\u{D7FF}", "\u{E000}", "\u{7F}", "\u{85}",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            var scalars = String.UnicodeScalarView()
            let length = Int.random(in: 0...40, using: &generator)
            // Mostly clean text, so that most words take the fast path.
            for _ in 0..<length {
                scalars.append(
                    Int.random(in: 0..<6, using: &generator) == 0
                        ? pool.randomElement(using: &generator)! : "q")
            }
            Self.check(String(scalars))
        }
    }
}
