import Testing

@testable import StanceKitXML

/// The pure-Swift writer must produce exactly the bytes of libxml2's indenting text writer.
@Suite struct XMLByteWriterTests {
    /// Writes the same elements with `writer`: nesting, empty elements, empty text, and values
    /// with every character either writer escapes.
    static func write<Writer: XMLWriting & ~Copyable>(_ writer: consuming Writer) throws -> [UInt8] {
        var writer = writer
        let tricky = "a&b <c> \"d\" 'e'\tf\ng\r\nh é 😀 e\u{301}"
        try writer.startDocument()
        try writer.startElement("document")
        try writer.attribute("id", tricky)
        try writer.attribute("n", 42)
        try writer.attribute("zero", 0)
        try writer.attribute("negative", -1_234_567)
        try writer.attribute("ref", prefix: "m", 1_000_001)
        try writer.emptyElement("source", ["path": "x/y.txt", "empty": ""])
        try writer.startElement("text")
        try writer.attribute("xml:space", "preserve")
        try writer.text(tricky)
        try writer.endElement()
        // Every character to escape at every position of an eight-byte word, in text and in
        // an attribute value.
        for special in ["&", "<", ">", "\"", "\r", "\n", "\t", "'"] {
            for position in 0..<17 {
                let value =
                    String(repeating: "é", count: position % 3) + String(repeating: "x", count: position)
                    + special + "long enough to fill a word"
                try writer.startElement("case")
                try writer.attribute("value", value)
                try writer.text(value)
                try writer.endElement()
            }
        }
        try writer.startElement("empty")
        try writer.text("")
        try writer.endElement()
        try writer.startElement("none")
        try writer.endElement()
        try writer.startElement("list")
        for k in 0..<3 {
            try writer.startElement("item")
            try writer.attribute("k", k)
            try writer.startElement("inner")
            try writer.text("t\(k)")
            try writer.endElement()
            try writer.endElement()
        }
        try writer.endElement()
        try writer.endElement()
        return try writer.finish()
    }

    @Test func matchesLibXML2() throws {
        let expected = try Self.write(XMLTextWriter())
        let actual = try Self.write(XMLByteWriter())
        #expect(String(decoding: actual, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        #expect(actual == expected)
        // A buffer that starts too small for anything grows as it goes.
        #expect(try Self.write(XMLByteWriter(capacity: 0)) == expected)
    }
}
