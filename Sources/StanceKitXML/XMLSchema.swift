internal import CLibXML2

/// A compiled W3C XML Schema (XSD); owns the libxml2 schema and frees it in `deinit`.
///
/// The schema is read from bytes, never fetched: imports and includes are refused like every
/// external load.
public final class XMLSchema: @unchecked Sendable {
    private let schema: xmlSchemaPtr

    /// Compiles the XSD in `bytes`.
    /// - Throws: ``XMLError`` with libxml2's message when the schema does not compile.
    public init(bytes: [UInt8], name: String = "schema.xsd") throws {
        LibXML2.ensureInitialized()
        let context = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlSchemaNewMemParserCtxt($0, Int32(buffer.count))
            }
        }
        guard let context else { throw XMLError("cannot create a schema parser for \(name)") }
        defer { xmlSchemaFreeParserCtxt(context) }
        var errors = ErrorCollector()
        let parsed = withUnsafeMutablePointer(to: &errors) { collector in
            xmlSchemaSetParserStructuredErrors(context, ErrorCollector.callback, collector)
            return xmlSchemaParse(context)
        }
        guard let parsed else {
            throw XMLError("\(name) does not compile: \(errors.messages.first?.description ?? "unknown error")")
        }
        self.schema = parsed
    }

    deinit {
        xmlSchemaFree(schema)
    }

    /// Validates an XML document given as bytes.
    ///
    /// - Returns: every validation problem (empty when the document is valid).
    /// - Complexity: O(size of the document).
    public func validate(_ document: [UInt8]) -> [XMLError] {
        let tree: XMLDocumentHandle
        do {
            tree = try XMLDocumentHandle(parsing: document)
        } catch let error as XMLError {
            return [error]
        } catch {
            return [XMLError("\(error)")]
        }
        guard let context = xmlSchemaNewValidCtxt(schema) else {
            return [XMLError("cannot create a validation context")]
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        var errors = ErrorCollector()
        let result = withUnsafeMutablePointer(to: &errors) { collector in
            xmlSchemaSetValidStructuredErrors(context, ErrorCollector.callback, collector)
            return xmlSchemaValidateDoc(context, tree.pointer)
        }
        if result != 0 && errors.messages.isEmpty { return [XMLError("invalid (libxml2 code \(result))")] }
        return errors.messages
    }
}

/// Collects structured libxml2 errors through a context pointer (per validation, so thread-safe).
struct ErrorCollector {
    var messages: [XMLError] = []

    static let callback: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        let collector = context.assumingMemoryBound(to: ErrorCollector.self)
        collector.pointee.messages.append(LibXML2.error(from: UnsafePointer(error), fallback: "XML error"))
    }
}
