import StanceKit

/// The provenance at the head of a native XML file, read from its first bytes only: enough to
/// tell whether an output is current without parsing the whole file.
public struct NativeXMLHeader: Sendable, Hashable {
    public var offsetUnit: String
    public var sourceSHA256: String
    public var rulesSHA256: String
    /// SHA-256 of each included rule file, in order.
    public var includeSHA256s: [String]

    /// Reads the head of the file at `path` (up to its `<text>` element, at most 64 KiB).
    /// - Returns: `nil` when the file is missing, unreadable or not a native XML file.
    public static func read(_ path: String) -> NativeXMLHeader? {
        guard let bytes = try? FileIO.readPrefix(path, count: 1 << 16) else { return nil }
        let head = String(decoding: bytes, as: UTF8.self)
        guard head.contains("urn:stancekit:standoff:1"), let textStart = head.range(of: "<text") else { return nil }
        let prefix = head[..<textStart.lowerBound]
        func attribute(_ name: String, in element: String) -> [String] {
            var values: [String] = []
            var rest = prefix[...]
            while let open = rest.range(of: "<\(element) ") ?? rest.range(of: "<\(element)>") {
                let tagEnd = rest[open.upperBound...].firstIndex(of: ">") ?? rest.endIndex
                let tag = rest[open.upperBound..<tagEnd]
                if let key = tag.range(of: " \(name)=\"")
                    ?? (tag.hasPrefix("\(name)=\"") ? tag.range(of: "\(name)=\"") : nil),
                    let close = tag[key.upperBound...].firstIndex(of: "\"")
                {
                    values.append(String(tag[key.upperBound..<close]))
                }
                rest = rest[tagEnd...]
            }
            return values
        }
        guard let unit = attribute("offsetUnit", in: "document").first,
            let source = attribute("sha256", in: "source").first, let rules = attribute("sha256", in: "rules").first
        else { return nil }
        return NativeXMLHeader(
            offsetUnit: unit, sourceSHA256: source, rulesSHA256: rules,
            includeSHA256s: attribute("sha256", in: "include"))
    }
}
