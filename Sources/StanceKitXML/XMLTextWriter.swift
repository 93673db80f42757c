internal import CLibXML2
import StanceKit

/// Owns a libxml2 `xmlTextWriter` writing into an `xmlBuffer`; both are freed in `deinit`.
///
/// Every call checks libxml2's return value and throws on failure. Text and attribute values
/// are escaped by libxml2, including `\r` as `&#13;` so that CRLF survives a parse.
final class XMLTextWriter: XMLWriting {
    private let buffer: xmlBufferPtr
    private let writer: xmlTextWriterPtr

    init(indent: Bool = true) throws {
        LibXML2.ensureInitialized()
        guard let buffer = xmlBufferCreate() else { throw XMLError("cannot allocate an XML buffer") }
        // Grow by doubling: the exact scheme reallocates on every write, which is quadratic.
        xmlBufferSetAllocationScheme(buffer, XML_BUFFER_ALLOC_DOUBLEIT)
        guard let writer = xmlNewTextWriterMemory(buffer, 0) else {
            xmlBufferFree(buffer)
            throw XMLError("cannot create an XML writer")
        }
        self.buffer = buffer
        self.writer = writer
        if indent {
            try check(xmlTextWriterSetIndent(writer, 1), "set indentation")
            try check(xmlTextWriterSetIndentString(writer, "  "), "set indentation")
        }
    }

    deinit {
        xmlFreeTextWriter(writer)
        xmlBufferFree(buffer)
    }

    private func check(_ result: Int32, _ what: String) throws {
        if result < 0 { throw XMLError("libxml2 failed to \(what)") }
    }

    func startDocument() throws {
        try check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil), "start the document")
    }

    func startElement(_ name: String) throws {
        try check(xmlTextWriterStartElement(writer, name), "start element <\(name)>")
    }

    func attribute(_ name: String, _ value: String) throws {
        try check(xmlTextWriterWriteAttribute(writer, name, value), "write attribute \(name)")
    }

    func attribute(_ name: String, _ value: Int) throws {
        try attribute(name, String(value))
    }

    func attribute(_ name: String, prefix: String, _ number: Int) throws {
        try attribute(name, prefix + String(number))
    }

    func text(_ value: String) throws {
        try check(xmlTextWriterWriteString(writer, value), "write text")
    }

    func endElement() throws {
        try check(xmlTextWriterEndElement(writer), "end an element")
    }

    /// Ends the document and returns the UTF-8 bytes written.
    func finish() throws -> [UInt8] {
        try check(xmlTextWriterEndDocument(writer), "end the document")
        try check(xmlTextWriterFlush(writer), "flush")
        let length = Int(xmlBufferLength(buffer))
        guard let content = xmlBufferContent(buffer) else { return [] }
        return Array(UnsafeBufferPointer(start: content, count: length))
    }
}
