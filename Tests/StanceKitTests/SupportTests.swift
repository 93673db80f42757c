import StanceKit
import Testing

@Suite struct OffsetConverterTests {
    // "a😀b" + flag (two regional indicators) + "e" + combining acute + BOM-free CRLF.
    static let text = "a\u{1F600}b\u{1F1FA}\u{1F1E6}e\u{0301}\r\nZ"

    /// The table is built eight bytes at a time over ASCII: non-ASCII at every position of a
    /// word, after runs of ASCII of every length mod 8, and at the very end.
    static let texts: [String] =
        [text]
        + (0..<17).map {
            String(repeating: "x", count: $0) + "\u{E9}ab\u{1F600}" + String(repeating: "y", count: $0 * 3)
        }

    @Test(arguments: texts)
    func convertsEveryScalarBoundaryBothWays(_ text: String) {
        let converter = OffsetConverter(text: text)
        var byte = 0
        var codepoint = 0
        var utf16 = 0
        for scalar in text.unicodeScalars {
            #expect(converter.offset(byte, in: .codepoint) == codepoint)
            #expect(converter.offset(byte, in: .utf16) == utf16)
            #expect(converter.byteOffset(codepoint, from: .codepoint) == byte)
            #expect(converter.byteOffset(utf16, from: .utf16) == byte)
            if scalar.value > 0xFFFF {
                #expect(converter.byteOffset(utf16 + 1, from: .utf16) == nil, "inside a surrogate pair")
            }
            byte += UTF8.width(scalar)
            codepoint += 1
            utf16 += UTF16.width(scalar)
        }
        #expect(converter.offset(byte, in: .codepoint) == codepoint)
        #expect(converter.offset(byte, in: .utf16) == utf16)
        #expect(converter.byteOffset(codepoint + 1, from: .codepoint) == nil)
    }

    @Test func asciiTextIsTheIdentity() {
        let converter = OffsetConverter(text: "plain")
        #expect(converter.offset(3, in: .utf16) == 3)
        #expect(converter.byteOffset(5, from: .codepoint) == 5)
        #expect(converter.byteOffset(6, from: .codepoint) == nil)
    }
}

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func knownVectors(_ input: String, _ digest: String) {
        #expect(SHA256.hex(of: Array(input.utf8)) == digest)
    }

    /// Lengths around the padding boundaries (55, 56 and 64 bytes in a block), digests from
    /// Python's hashlib over bytes `(7i + 1) mod 256`.
    @Test(arguments: [
        (55, "16fa57a0a3423a715d594516339f36189d6b5f93754a9714fef202616a9fabfe"),
        (56, "c37b44e5f1b18554b36966f4f8e08bfbf3164c4b6c10374d12d89850892073c5"),
        (63, "bbba992d2c85af960fb2987a1fd05e0aa82a3db3c740dd8982a9e273b75e36a3"),
        (64, "66bd4633ed6f71c4ecfa4763bf7ba1c8ec7612de9aa6c0578a7b675207c71e0b"),
        (65, "9f7dc47107b750a1f3d35db5d9547f24ef40da5b731b9540d4f43710a154f6c9"),
        (119, "a3ed307b730fa77c07531300c6e4a282330011d4d4caf6bb7b63ae05950f4b66"),
        (120, "8e3b15d9fea7472655aa069620b7f8c2e55ee1499f763200a7515fe826e99d20"),
        (128, "e462c130fef8c97e34f7dc3ff3ad2f8b3533ab849af21c10531552a2852387a4"),
        (1000, "095ecb62e30793ab4b954cd6a0586d0cc91f7ea5b1332694d8da780e98676d78"),
    ])
    func paddingBoundaries(_ length: Int, _ digest: String) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
        #expect(SHA256.hex(of: bytes) == digest)
    }

    @Test func millionAs() {
        #expect(
            SHA256.hex(of: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

@Suite struct DocumentDecodingTests {
    @Test(arguments: [
        ([0x61, 0xFF, 0x62] as [UInt8], 1),
        ([0x61, 0x62, 0xC3] as [UInt8], 2),  // truncated sequence
        ([0xC0, 0xAF] as [UInt8], 0),  // overlong
        ([0xED, 0xA0, 0x80] as [UInt8], 0),  // surrogate
        ([0xF4, 0x90, 0x80, 0x80] as [UInt8], 0),  // above U+10FFFF
        (Array("12345678901234567890\u{FF}".utf8) + [0x80], 22),  // after the eight-byte fast path
    ])
    func invalidUTF8IsReportedWithItsByteOffset(_ bytes: [UInt8], _ offset: Int) {
        #expect(throws: DocumentError.invalidUTF8(byteOffset: offset)) {
            try SourceText(id: "x", path: "x.txt", bytes: bytes)
        }
    }

    @Test func validTextKeepsBOMAndCRLF() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("A\r\nB".utf8)
        let source = try SourceText(id: "x", path: "x.txt", bytes: bytes)
        #expect(Array(source.text.utf8) == bytes)
        #expect(source.text.unicodeScalars.first == "\u{FEFF}")
    }
}

@Suite struct SentenceSplitterTests {
    static let rules = Project.compile("version: 1\nentities: []\n")

    static func sentences(_ text: String) -> [String] {
        let document = rules.annotate(text)
        return document.sentences.map { document.source.surface($0.span) }
    }

    @Test(arguments: [
        (
            "Zelenskyy urged the U.S. to supply missiles. He left.",
            ["Zelenskyy urged the U.S. to supply missiles.", "He left."]
        ),
        (
            "Gov. Newsom and Mr. Smith met Sen. Jones. They spoke.",
            ["Gov. Newsom and Mr. Smith met Sen. Jones.", "They spoke."]
        ),
        (
            "\"We will win,\" he said. \"Never.\" Then he left!",
            ["\"We will win,\" he said.", "\"Never.\"", "Then he left!"]
        ),
        ("Trump wrote on X.\nThe White House said.", ["Trump wrote on X.", "The White House said."]),
        ("John F. Kennedy spoke. Was it 3.5 percent? Yes.", ["John F. Kennedy spoke.", "Was it 3.5 percent?", "Yes."]),
        (
            "A headline without a period\n\nThe story starts here.",
            ["A headline without a period", "The story starts here."]
        ),
        ("Officials in the U.S. said so.", ["Officials in the U.S. said so."]),
        ("Unfinished sentence", ["Unfinished sentence"]),
        ("Zelensky? No. The top U.S. diplomat left.", ["Zelensky?", "No.", "The top U.S. diplomat left."]),
        ("It was No. 5 on the list. Then it fell.", ["It was No. 5 on the list.", "Then it fell."]),
        ("", []),
    ])
    func split(_ text: String, _ expected: [String]) {
        #expect(Self.sentences(text) == expected)
    }
}

/// The JSON Lines reader: the members asked for, decoded; everything else checked and skipped.
@Suite struct JSONLineTests {
    static func strings(_ line: String, _ names: [String] = ["id", "text"]) throws(JSONLine.ParseError) -> [String?] {
        try JSONLine.strings(names, in: ArraySlice(Array(line.utf8)))
    }

    @Test func decodesEscapesAndNonASCII() throws {
        let line =
            #"{"text": "Lavrov said \"no\".\n\tTab \u00e9 \ud83d\ude00 caf\u0065\u0301 “curly” 😀 end", "id": "d/1"}"#
        #expect(
            try Self.strings(line) == ["d/1", "Lavrov said \"no\".\n\tTab é 😀 cafe\u{301} “curly” 😀 end"])
    }

    @Test func skipsOtherMembersOfEveryKind() throws {
        let line =
            #"{"n": -1.5e3, "tags": ["a", {"b": [1, "]}"]}], "title": "x\"y é", "ok": true, "id": "a", "text": "long enough ASCII text to span words"}"#
        #expect(try Self.strings(line) == ["a", "long enough ASCII text to span words"])
    }

    @Test func absentOrNonStringMembersAreNilAndTheLastDuplicateCounts() throws {
        #expect(try Self.strings(#"{"id": 7, "text": "t"}"#) == [nil, "t"])
        #expect(try Self.strings(#"{"id": "a", "id": "b"}"#) == ["b", nil])
        #expect(try Self.strings(#"{"id": "a", "text": "t", "id": null}"#) == ["a", "t"])
        #expect(try Self.strings("{}") == [nil, nil])
    }

    @Test(arguments: [
        (#"{"id": "a", "text": "unterminated}"#, "unterminated string"),
        (#"{"id": "a" "text": "b"}"#, "expected ',' or '}'"),
        (#"{"id": "a"} trailing"#, "text after the object"),
        (#"{"id": "bad \q escape"}"#, "bad escape"),
        ("{\"id\": \"raw\ttab\"}", "control character in a string"),
    ])
    func malformedLinesSayWhy(_ line: String, _ message: String) {
        #expect {
            try Self.strings(line)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    /// JSON-escapes `text`: quotes, backslashes and controls always, non-ASCII scalars as `\\u`
    /// escapes (surrogate pairs above U+FFFF) when `escapeNonASCII`, else raw.
    static func escaped(_ text: String, escapeNonASCII: Bool) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || (escapeNonASCII && scalar.value > 0x7F) {
                    for unit in String(scalar).utf16 { out += "\\u" + String(unit, radix: 16).leftPadded(to: 4) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Random texts with escapes at every position relative to the 8-byte steps of the scan
    /// decode back to themselves.
    @Test func randomEscapedTextsRoundTrip() throws {
        let pieces = [
            "a", "bcdefgh", "\"", "\\", "\n", "\t", "\u{1}", "\u{1F}", "\u{E9}", "\u{1F600}", "e\u{301}", "/", " ",
        ]
        var random = SplitMix(seed: 20_261_121)
        for _ in 0..<2_000 {
            let text = (0..<Int(random.next() % 24)).map { _ in random.pick(pieces) }.joined()
            for escapeNonASCII in [false, true] {
                let line = "{\"id\": \"x\", \"text\": \"\(Self.escaped(text, escapeNonASCII: escapeNonASCII))\"}"
                #expect(try Self.strings(line) == ["x", text], "\(line.debugDescription)")
            }
        }
    }

    /// Invalid UTF-8 after an escape is an error too (the escaped string is validated as a whole).
    @Test func invalidUTF8AfterAnEscapeIsAnError() {
        var bytes = Array(#"{"id": "a\nb "#.utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(#"", "text": "t"}"#.utf8)
        #expect(throws: JSONLine.ParseError.self) {
            try JSONLine.strings(["id", "text"], in: ArraySlice(bytes))
        }
    }

    /// Invalid UTF-8 is an error in the members asked for and in those skipped alike, in a short
    /// string and in one long enough to be scanned by words.
    @Test(arguments: ["id", "title"])
    func invalidUTF8IsAnError(_ member: String) {
        for padding in ["", "0123456789abcdef"] {
            var bytes = Array("{\"\(member)\": \"\(padding)".utf8)
            bytes += [0xC3, 0x28]
            bytes += Array("\", \"text\": \"t\"}".utf8)
            #expect(throws: JSONLine.ParseError.self) {
                try JSONLine.strings(["id", "text"], in: ArraySlice(bytes))
            }
        }
    }
}

extension String {
    /// The string with leading zeros up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
