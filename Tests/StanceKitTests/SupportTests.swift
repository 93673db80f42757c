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

    /// Digests from `sha256sum` over bytes `(7i + 3) mod 256`, through both entry points (the
    /// byte array, and a String of the same bytes when they are valid UTF-8).
    @Test(arguments: [
        (0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (1, "084fed08b978af4d7d196a7446a86b58009e636b611db16211b65a9aadff29c5"),
        (55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b"),
        (56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27"),
        (57, "35df609437dcfea3279283ab79fd554e2bf78f8f7ae2de532d8ee300b09e8f73"),
        (63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055"),
        (64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241"),
        (65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e"),
        (119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e"),
        (120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5"),
        (127, "a8d23e75d936f303d248888d9b165ee543f4cbafcad3c9dd2a79bd84faa11d07"),
        (128, "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6"),
        (129, "307f8fc2c1622b92762e818d39a185d4d667ad49a4b07ceae1f4afa008a93ec4"),
        (200, "2c7e18c942ef065b526a2d4e5546283749cd3ddfb51d8fc71f42717363685f46"),
        (1000, "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371"),
    ])
    func sha256sumVectors(_ length: Int, _ digest: String) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        #expect(SHA256.hex(of: bytes) == digest)
        #expect(
            SHA256.digest(of: bytes).map { String($0 >> 4, radix: 16) + String($0 & 0xF, radix: 16) }.joined() == digest
        )
        let ascii = bytes.map { $0 & 0x7F }
        #expect(SHA256.hex(of: String(decoding: ascii, as: UTF8.self)) == SHA256.hex(of: ascii))
    }

    /// Every length from 0 to 200 bytes (every tail length and both padding shapes), random
    /// bytes, against the textbook form of FIPS 180-4 below.
    @Test func everyLengthMatchesTheReference() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(SHA256.digest(of: bytes) == Self.reference(bytes), "length \(length)")
        }
        let text = "Grüße, 世界 👋 " + String(repeating: "naïve ", count: 40)
        #expect(SHA256.hex(of: text) == SHA256.hex(of: Array(text.utf8)))
    }

    /// SHA-256 as FIPS 180-4 states it: one 64-word schedule per block, three rotations per Σ.
    static func reference(_ message: [UInt8]) -> [UInt8] {
        let k: [UInt32] = [
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        ]
        func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
        var h: [UInt32] = [
            0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
        ]
        var padded = message + [0x80]
        while padded.count % 64 != 56 { padded.append(0) }
        let bits = UInt64(message.count) * 8
        padded += (0..<8).map { UInt8(truncatingIfNeeded: bits >> (56 - 8 * UInt64($0))) }
        for block in stride(from: 0, to: padded.count, by: 64) {
            var w = (0..<16).map { i in
                (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(padded[block + 4 * i + $1]) }
            }
            for t in 16..<64 {
                let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
                let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
                w.append(w[t - 16] &+ s0 &+ w[t - 7] &+ s1)
            }
            var v = h
            for t in 0..<64 {
                let s1 = rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25)
                let ch = (v[4] & v[5]) ^ (~v[4] & v[6])
                let t1 = v[7] &+ s1 &+ ch &+ k[t] &+ w[t]
                let s0 = rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22)
                let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2])
                v = [t1 &+ s0 &+ maj, v[0], v[1], v[2], v[3] &+ t1, v[4], v[5], v[6]]
            }
            h = zip(h, v).map { $0 &+ $1 }
        }
        return h.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * UInt32($0))) } }
    }

    /// The `sha256sum` vectors above, all hashed together: four lanes at a time, lanes taking
    /// the next message as they finish.
    @Test func multiBufferMatchesSha256sum() {
        let vectors: [(Int, String)] = [
            (0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b"),
            (56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27"),
            (63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055"),
            (64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241"),
            (119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e"),
            (120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5"),
            (1000, "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371"),
        ]
        let messages = vectors.map { length, _ in (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) } }
        for count in 1...vectors.count {
            #expect(Self.multiBuffer(Array(messages.prefix(count))) == vectors.prefix(count).map(\.1), "\(count)")
        }
        let texts = messages.map { String(decoding: $0.map { $0 & 0x7F }, as: UTF8.self) }
        #expect(SHA256.hex(of: texts) == texts.map { SHA256.hex(of: $0) })
    }

    /// Random sets of messages of mixed lengths from 0 to 300 bytes (every length mod 64, among
    /// them the 55/56 and 64 boundaries of the padding), hashed together and one by one.
    @Test func multiBufferMatchesScalar() {
        var generator = SystemRandomNumberGenerator()
        func bytes(_ length: Int) -> [UInt8] { (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        // Every length once, in one set, and lengths near the padding boundaries in sets of each size.
        let all = (0...300).map(bytes)
        for (message, digest) in zip(all, Self.multiBuffer(all)) {
            #expect(digest == SHA256.hex(of: message), "length \(message.count)")
        }
        let boundaries = [0, 1, 54, 55, 56, 57, 63, 64, 65, 118, 119, 120, 121, 127, 128, 129, 183, 184, 192, 300]
        for count in 0...20 {
            for _ in 0..<10 {
                let set = (0..<count).map { _ in
                    bytes(
                        Bool.random(using: &generator)
                            ? boundaries.randomElement(using: &generator)! : Int.random(in: 0...300, using: &generator))
                }
                let expected = set.map {
                    Self.reference($0).map { String($0 >> 4, radix: 16) + String($0 & 0xF, radix: 16) }.joined()
                }
                #expect(Self.multiBuffer(set) == expected, "lengths \(set.map(\.count))")
            }
        }
        let texts = (0..<13).map { String(repeating: "Grüße, 世界 👋 ", count: $0 * 3) }
        #expect(SHA256.hex(of: texts) == texts.map { SHA256.hex(of: $0) })
    }

    /// Many texts at once (the texts' storage is held by nested calls, in groups): every digest in
    /// its place, on a test thread's smaller stack too.
    @Test func manyTextsAtOnce() {
        let texts = (0..<20_000).map { "document \($0) " + String(repeating: "x", count: $0 % 97) }
        let digests = SHA256.hex(of: texts)
        #expect(digests.count == texts.count)
        for index in stride(from: 0, to: texts.count, by: 997) {
            #expect(digests[index] == SHA256.hex(of: texts[index]))
        }
    }

    /// ``SHA256/hex(ofMessages:)`` over byte arrays.
    static func multiBuffer(_ messages: [[UInt8]]) -> [String] {
        func go(_ rest: ArraySlice<[UInt8]>, _ buffers: [UnsafeRawBufferPointer]) -> [String] {
            guard let first = rest.first else { return SHA256.hex(ofMessages: buffers) }
            return first.withUnsafeBytes { go(rest.dropFirst(), buffers + [$0]) }
        }
        return go(messages[...], [])
    }

    /// Precomputed digests are those computed on access; a new text drops them, and they take
    /// no part in equality.
    @Test func precomputedDigests() {
        let texts = ["", "abc", String(repeating: "Reuters ", count: 30), "x", "Grüße"]
        var documents = texts.enumerated().map { index, text in
            AnnotatedDocument(source: SourceText(id: "\(index)", path: "p", text: text), sentences: [], mentions: [])
        }
        let plain = documents
        SourceText.precomputeSHA256(of: &documents)
        #expect(documents == plain)
        #expect(documents.map(\.source.sha256) == texts.map { SHA256.hex(of: $0) })
        documents[1].source.text = "abd"
        #expect(documents[1].source.sha256 == SHA256.hex(of: "abd"))
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

/// The JSON Lines string reader against a byte-by-byte reference, on random strings of every
/// kind of byte: the 32- and 16-byte scans and the copy after an escape must decode the same
/// strings and fail with the same message at the same offset.
@Suite struct JSONLineScanTests {
    /// What the reference makes of a string: its value and the offset after its closing quote,
    /// or the error message and offset.
    enum Outcome: Equatable {
        case value(String, end: Int)
        case failure(String, offset: Int)
    }

    /// Decodes the string whose first byte (after the quote) is at `start` one byte at a time,
    /// as JSON says; a lone or unpaired surrogate escape gives U+FFFD.
    static func reference(_ bytes: [UInt8], from start: Int) -> Outcome {
        var i = start
        var out: [UInt8] = []
        func hex4() -> UInt32? {
            guard i + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = Character(UnicodeScalar(bytes[i])).hexDigitValue else { return nil }
                value = value * 16 + UInt32(digit)
                i += 1
            }
            return value
        }
        while true {
            guard i < bytes.count else { return .failure("unterminated string", offset: i) }
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { return .failure("control character in a string", offset: i) }
            i += 1
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                continue
            }
            guard i < bytes.count else { return .failure("unterminated escape", offset: i) }
            let escape = Character(UnicodeScalar(bytes[i]))
            i += 1
            let simple: [Character: UInt8] = [
                "\"": 0x22, "\\": 0x5C, "/": 0x2F, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9,
            ]
            if let decoded = simple[escape] {
                out.append(decoded)
                continue
            }
            guard escape == "u" else { return .failure("bad escape '\\\(escape)'", offset: i) }
            let short = i + 4 > bytes.count
            guard var value = hex4() else {
                return .failure(short ? "short \\u escape" : "bad \\u escape", offset: i)
            }
            if (0xD800..<0xDC00).contains(value), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"),
                bytes[i + 1] == UInt8(ascii: "u")
            {
                i += 2
                let short = i + 4 > bytes.count
                guard let low = hex4() else {
                    return .failure(short ? "short \\u escape" : "bad \\u escape", offset: i)
                }
                if (0xDC00..<0xE000).contains(low) {
                    value = 0x10000 + (value - 0xD800) * 0x400 + (low - 0xDC00)
                } else {
                    out += Array("\u{FFFD}".utf8)
                    value = low
                }
            }
            out += Array(String(Unicode.Scalar(value) ?? "\u{FFFD}").utf8)
        }
        i += 1
        guard let string = String(validating: out, as: UTF8.self) else {
            return .failure("string is not valid UTF-8", offset: i)
        }
        return .value(string, end: i)
    }

    /// Pieces of valid string contents: plain ASCII runs, every escape (lone and unpaired
    /// surrogates too), raw non-ASCII.
    static let validPieces: [[UInt8]] = [
        "a", "bcdefgh", "0123456789abcdef", "The quick brown fox jumps over the lazy dog. ", "\\n", "\\\"",
        "\\\\", "\\/", "\\b", "\\f", "\\r", "\\t", "\\u00e9", "\\u0041", "\\uD83D\\uDE00", "\\uD83D", "\\uDE00",
        "\\uD83D\\u0041", "\\uD83D\\uD83D", "\\uD83D\\n", "é", "😀", "e\u{301}", "\u{7F}",
    ].map { Array($0.utf8) }

    /// Pieces that make a string invalid: bad escapes, invalid UTF-8, raw control bytes.
    static let invalidPieces: [[UInt8]] =
        ["\\q", "\\u12G4", "\\u", "\\uD83D\\u00"].map { Array($0.utf8) }
        + [[0xC3, 0x28], [0xFF], [0xE2, 0x82], [0x80], [0xED, 0xA0, 0x80], [0x01], [0x1F], [0x0A]]

    /// Random contents, a quarter with invalid pieces, at every offset from the line's start
    /// (the `id` before shifts them), with every length, closed or cut short; each string is
    /// asked for and skipped.
    @Test func randomStringsMatchTheReference() throws {
        var random = SplitMix(seed: 20_261_122)
        for round in 0..<20_000 {
            let pieces = round % 4 == 0 ? Self.validPieces + Self.invalidPieces : Self.validPieces
            var content: [UInt8] = []
            for _ in 0..<Int(random.next() % 12) {
                content += random.pick(pieces)
                if random.next() % 3 == 0 {
                    content += Array(repeating: UInt8(ascii: "x"), count: Int(random.next() % 40))
                }
            }
            let id = String(repeating: "i", count: Int(random.next() % 40))
            let tail: [UInt8] = random.next() % 8 != 0 ? Array("\"}".utf8) : []
            // Asked for: the text's outcome decides the line's.
            let head = Array("{\"id\": \"\(id)\", \"text\": \"".utf8)
            let line = head + content + tail
            Self.check(line, Self.reference(line, from: head.count)) { [id, $0] }
            // Skipped: only errors show.
            let skippedHead = Array("{\"id\": \"\(id)\", \"title\": \"".utf8)
            let skipped = skippedHead + content + tail
            Self.check(skipped, Self.reference(skipped, from: skippedHead.count)) { _ in [id, nil] }
        }
    }

    /// Checks `JSONLine.strings(["id", "text"], in: line)` against the reference's `expected`
    /// outcome for the line's last string: `value` of the decoded string, or the same error.
    static func check(_ line: [UInt8], _ expected: Outcome, value: (String) -> [String?]) {
        let result = Result { () throws(JSONLine.ParseError) in
            try JSONLine.strings(["id", "text"], in: ArraySlice(line))
        }
        switch (expected, result) {
        case (.value(let string, _), .success(let values)):
            #expect(values == value(string), "\(line)")
        case (.failure(let message, let offset), .failure(let error)):
            #expect(error.message == message && error.offset == offset, "\(error) for \(line)")
        default:
            Issue.record("expected \(expected), got \(result) for \(line)")
        }
    }

    /// Member names with escapes or non-ASCII bytes are compared as strings (canonical
    /// equivalence); plain ones as bytes.
    @Test func memberNamesCompareAsStrings() throws {
        #expect(try JSONLineTests.strings(#"{"\u0069d": "a", "te\u0078t": "b"}"#) == ["a", "b"])
        #expect(try JSONLineTests.strings(#"{"idx": "a", "tex": "b", "i": "c"}"#) == [nil, nil])
        #expect(try JSONLineTests.strings(#"{"": "a", "text": "b"}"#, ["", "text"]) == ["a", "b"])
        // U+212A KELVIN SIGN is canonically equivalent to "K", raw or escaped, either way round.
        #expect(try JSONLineTests.strings(#"{"K": "a"}"#, ["\u{212A}"]) == ["a"])
        #expect(try JSONLineTests.strings(#"{"\u212A": "a"}"#, ["K"]) == ["a"])
        #expect(try JSONLineTests.strings("{\"\u{212A}\": \"a\"}", ["x", "K"]) == [nil, "a"])
        #expect(try JSONLineTests.strings(#"{"K": "a"}"#, ["x", "\u{212A}"]) == [nil, "a"])
    }
}

extension String {
    /// The string with leading zeros up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
