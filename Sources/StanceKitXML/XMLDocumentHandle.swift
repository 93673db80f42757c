internal import CLibXML2

/// A parsed libxml2 document tree, freed in `deinit`. Parsing is safe against hostile input:
/// no network, no entity substitution, no DTD loading, and a DOCTYPE is refused outright.
final class XMLDocumentHandle {
    let pointer: xmlDocPtr

    /// Parses XML bytes.
    /// - Throws: ``XMLError`` with libxml2's message and line for malformed input, or when the
    ///   document has a DOCTYPE.
    init(parsing bytes: [UInt8], name: String = "input.xml") throws {
        LibXML2.ensureInitialized()
        guard let context = xmlNewParserCtxt() else { throw XMLError("cannot create an XML parser") }
        defer { xmlFreeParserCtxt(context) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    xmlCtxtReadMemory(context, $0, Int32(buffer.count), name, nil, options)
                }
            }
        }
        guard let document else {
            throw LibXML2.error(
                from: xmlCtxtGetLastError(context).map { UnsafePointer($0) }, fallback: "not well-formed XML")
        }
        if document.pointee.intSubset != nil {
            xmlFreeDoc(document)
            throw XMLError("a DOCTYPE is not allowed in StanceKit XML input")
        }
        pointer = document
    }

    deinit {
        xmlFreeDoc(pointer)
    }
}
