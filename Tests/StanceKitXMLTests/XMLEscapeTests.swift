import Testing

@testable import StanceKitXML

/// The word-at-a-time escaping of ``XMLByteWriter`` against a plain reading scalar by scalar:
/// every character that matters, at every position modulo 8 and 16, in text and in attributes.
@Suite struct XMLEscapeTests {
    /// Characters to escape, characters XML cannot carry, and their neighbours in UTF-8.
    static let specials: [String] = [
        "&", "<", ">", "\"", "'", "\r", "\n", "\t", "\r\n", "\u{0}", "\u{8}", "\u{B}", "\u{1F}", " ", "\u{7F}",
        "\u{FFFE}", "\u{FFFF}", "\u{FFFD}", "\u{FEFF}", "\u{F000}", "o", "\u{6F}\u{301}", "é", "😀", "e\u{301}",
    ]

    /// `value` escaped scalar by scalar, as the writer must; `nil` for a character XML cannot
    /// carry when `replacing` is false (there, the writer keeps it as it is).
    static func reference(_ value: String, attribute: Bool, replacing: Bool) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\r": result += "&#13;"
            case "\n" where attribute: result += "&#10;"
            case "\t" where attribute: result += "&#9;"
            default:
                result.unicodeScalars.append(
                    replacing && !XMLCharacters.isAllowed(scalar.value) ? "\u{FFFD}" : scalar)
            }
        }
        return result
    }

    /// Whether `value` holds a character XML 1.0 cannot carry, scalar by scalar.
    static func hasDisallowed(_ value: String) -> Bool {
        value.unicodeScalars.contains { !XMLCharacters.isAllowed($0.value) }
    }

    /// Checks every way the writer escapes `value`.
    static func check(_ value: String) {
        var writer = XMLByteWriter(capacity: 0)
        writer.startElement("e")
        writer.attribute("a", value)
        writer.attribute("b", replacingDisallowed: value)
        writer.text(value)
        writer.endElement()
        let expected =
            "<e a=\"\(reference(value, attribute: true, replacing: false))\""
            + " b=\"\(reference(value, attribute: true, replacing: true))\">"
            + "\(reference(value, attribute: false, replacing: false))</e>\n"
        #expect(writer.finish() == Array(expected.utf8), "\(Array(value.unicodeScalars))")

        var checking = XMLByteWriter(capacity: 0)
        checking.startElement("e")
        var copy = value
        let allowed = copy.withUTF8 { checking.textIfAllowed($0) }
        #expect(allowed == !hasDisallowed(value), "\(Array(value.unicodeScalars))")
        if allowed {
            checking.endElement()
            let text = "<e>\(reference(value, attribute: false, replacing: false))</e>\n"
            #expect(checking.finish() == Array(text.utf8))
        }
    }

    @Test(arguments: specials)
    func everyPosition(_ special: String) {
        // Placed after 0 to 33 bytes of letters, then followed by 0 to 20 more: every position
        // modulo 8 and 16, at the start, middle and end of a word, in a tail of a partial word.
        for position in 0..<34 {
            for after in [0, 1, 5, 7, 8, 9, 15, 16, 17, 20] {
                let head = String(repeating: "x", count: position)
                let tail = String(repeating: "y", count: after)
                Self.check(head + special + tail)
                Self.check(head + special + special + tail)
                Self.check(head + special + "é" + special + tail)
            }
        }
    }

    @Test func twoSpecialsAtEveryDistance() {
        for first in Self.specials {
            for second in Self.specials {
                for gap in 0..<18 {
                    Self.check("ab" + first + String(repeating: "z", count: gap) + second)
                }
            }
        }
    }

    @Test func randomTexts() {
        // A seeded linear congruential generator (its high bits), so that a failure replays.
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let pieces = Self.specials + ["a", "bc", "defghijk", "lmnopqrstuvwxyz0123", "Ω", "€"]
        for _ in 0..<3000 {
            let count = Int(next() % 40)
            var value = ""
            for _ in 0..<count { value += pieces[Int(next() % UInt64(pieces.count))] }
            Self.check(value)
        }
    }
}
