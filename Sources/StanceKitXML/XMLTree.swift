internal import CLibXML2

/// An XML element copied out of libxml2 into Swift values; the C tree is freed right after.
public struct XMLElementNode: Sendable {
    /// Local name, without prefix.
    public var name: String
    /// Namespace URI, if any.
    public var namespace: String?
    /// Attributes by local name; attributes in the XML namespace are keyed `xml:NAME`.
    public var attributes: [String: String]
    /// Child elements in document order.
    public var children: [XMLElementNode]
    /// The element's direct character data, concatenated (character references resolved).
    public var text: String
    /// 1-based line of the start tag.
    public var line: Int

    /// The first child element named `name`.
    public func child(_ name: String) -> XMLElementNode? {
        children.first { $0.name == name }
    }

    /// Every child element named `name`.
    public func children(_ name: String) -> [XMLElementNode] {
        children.filter { $0.name == name }
    }
}

/// Reads XML safely into ``XMLElementNode`` values.
public enum XMLTreeReader {
    /// Parses `bytes` (no network, no external entities, no DOCTYPE).
    /// - Throws: ``XMLError`` with the line of the first problem.
    public static func parse(_ bytes: [UInt8], name: String = "input.xml") throws -> XMLElementNode {
        let handle = try XMLDocumentHandle(parsing: bytes, name: name)
        guard let root = xmlDocGetRootElement(handle.pointer) else {
            throw XMLError("the document has no root element")
        }
        return copy(root)
    }

    private static func copy(_ node: xmlNodePtr) -> XMLElementNode {
        var attributes: [String: String] = [:]
        var property = node.pointee.properties
        while let attribute = property {
            let local = String(cString: attribute.pointee.name)
            var key = local
            if let ns = attribute.pointee.ns, let prefix = ns.pointee.prefix {
                key = "\(String(cString: prefix)):\(local)"
            }
            if let value = xmlNodeListGetString(node.pointee.doc, attribute.pointee.children, 1) {
                attributes[key] = String(cString: value)
                clibxml2_free(value)
            } else {
                attributes[key] = ""
            }
            property = attribute.pointee.next
        }
        var children: [XMLElementNode] = []
        var text = ""
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                children.append(copy(current))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { text += String(cString: content) }
            default:
                break
            }
            child = current.pointee.next
        }
        return XMLElementNode(
            name: String(cString: node.pointee.name),
            namespace: node.pointee.ns.flatMap { $0.pointee.href.map { String(cString: $0) } },
            attributes: attributes, children: children, text: text, line: Int(xmlGetLineNo(node)))
    }
}
