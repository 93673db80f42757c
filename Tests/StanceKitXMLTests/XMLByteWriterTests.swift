import Testing

@testable import StanceKitXML

/// The pure-Swift writer must produce exactly the bytes of libxml2's indenting text writer.
@Suite struct XMLByteWriterTests {
    /// Writes the same elements with `writer`: nesting, empty elements, empty text, and values
    /// with every character either writer escapes.
    static func write(_ writer: some XMLWriting) throws -> [UInt8] {
        let tricky = "a&b <c> \"d\" 'e'\tf\ng\r\nh é 😀 e\u{301}"
        try writer.startDocument()
        try writer.startElement("document")
        try writer.attribute("id", tricky)
        try writer.attribute("n", 42)
        try writer.emptyElement("source", ["path": "x/y.txt", "empty": ""])
        try writer.startElement("text")
        try writer.attribute("xml:space", "preserve")
        try writer.text(tricky)
        try writer.endElement()
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
    }
}
