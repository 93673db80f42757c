internal import CLibXML2

/// An error from libxml2 or from checking what goes into XML.
public struct XMLError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// 1-based line in the XML input, when the error comes from reading.
    public var line: Int?

    public init(_ message: String, line: Int? = nil) {
        self.message = message
        self.line = line
    }

    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

/// One-time, process-wide libxml2 set-up: thread-safe initialisation, and an external entity
/// loader that refuses everything, so no XML input can make the library read a file or a URL.
enum LibXML2 {
    private static let initialized: Bool = {
        xmlInitParser()
        clibxml2_install_refusing_loader()
        return true
    }()

    /// Call before any libxml2 use; costs one load after the first call.
    static func ensureInitialized() {
        _ = initialized
    }

    /// Copies the message and position out of a libxml2 error structure.
    static func error(from pointer: UnsafePointer<xmlError>?, fallback: String) -> XMLError {
        guard let pointer, let message = pointer.pointee.message else { return XMLError(fallback) }
        let text = String(cString: message).trimmingTrailingNewlines()
        let line = Int(pointer.pointee.line)
        return XMLError(text, line: line > 0 ? line : nil)
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var result = self
        while result.last == "\n" || result.last == "\r" { result.removeLast() }
        return result
    }
}
