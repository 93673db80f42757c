import StanceKit

/// What the XML fuzz target (Fuzz/XMLReader) and its regression tests run on one input.
public enum XMLFuzzChecks {
    /// Reads bytes as native XML; when they import, exports them again and reads that back.
    public static func nativeXML(_ bytes: [UInt8]) {
        _ = try? XMLTreeReader.parse(bytes)
        guard let imported = try? NativeXMLImporter.read(bytes) else { return }
        let rules = RuleSet(path: "fuzz.yaml", sha256: String(repeating: "0", count: 64), entities: [])
        if let xml = try? NativeXMLExporter(offsetUnit: imported.offsetUnit, rules: rules).export(imported.document) {
            precondition((try? NativeXMLImporter.read(xml)) != nil, "our own export must read back")
        }
    }
}
