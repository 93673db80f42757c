/// A document's original text, untouched, with where it came from.
///
/// The text keeps every byte of the source: a byte order mark stays as U+FEFF at offset 0 and
/// CRLF line endings stay as two characters, so offsets agree with any reader that decodes the
/// file as plain UTF-8.
public struct SourceText: Sendable, Hashable {
    /// The document id: the source path relative to its corpus root, without the `.txt` extension.
    public var id: String
    /// The path the text was read from, as given to the tool (or a JSONL id).
    public var path: String
    /// The text, decoded from valid UTF-8.
    public var text: String {
        didSet { textSHA256 = nil }
    }
    /// SHA-256 of the text's UTF-8 when already computed (by ``precomputeSHA256(of:)``), lowercase
    /// hex; a new text clears it. Not part of the value: equality and hashing leave it out.
    var textSHA256: String?
    /// What was replaced to make the text usable; all zero for an untouched source.
    public var replacements = Replacements()

    /// Characters replaced by U+FFFD, and the hash of the bytes before replacement.
    public struct Replacements: Sendable, Hashable {
        /// Ill-formed UTF-8 sequences replaced when decoding with `lossy` (see ``init(id:path:bytes:lossy:)``).
        public var invalidUTF8 = 0
        /// Characters XML 1.0 cannot carry, replaced for an XML export.
        public var nonXMLCharacters = 0
        /// SHA-256 of the original bytes, when the text no longer has them.
        public var originalSHA256: String?

        public init() {}
    }

    /// SHA-256 of the source bytes, lowercase hex: of the original bytes when characters were
    /// replaced, else of the text's UTF-8 (computed on each access unless
    /// ``precomputeSHA256(of:)`` did it before).
    /// - Complexity: O(1) when precomputed, else O(n) (about 3,000 instructions per 64 bytes).
    public var sha256: String { replacements.originalSHA256 ?? textSHA256 ?? SHA256.hex(of: text) }

    /// Computes ``sha256`` of the sources of several documents together, so that exporting them
    /// later costs no hashing: the texts go through ``SHA256/hex(of:)-([String])``, four at a
    /// time in SIMD lanes (about 1,500 instructions per 64 bytes, against 3,000 one by one).
    /// Sources whose ``sha256`` is that of their original bytes are left alone.
    /// - Complexity: O(total UTF-8 bytes of the texts).
    package static func precomputeSHA256(of documents: inout [AnnotatedDocument]) {
        let indices = documents.indices.filter {
            documents[$0].source.replacements.originalSHA256 == nil && documents[$0].source.textSHA256 == nil
        }
        let digests = SHA256.hex(of: indices.map { documents[$0].source.text })
        for (index, digest) in zip(indices, digests) { documents[index].source.textSHA256 = digest }
    }

    /// Creates a source text from a string.
    public init(id: String, path: String, text: String) {
        self.id = id
        self.path = path
        self.text = text
    }

    /// Decodes UTF-8 bytes read from `path`.
    ///
    /// - Parameter lossy: replace each ill-formed UTF-8 sequence by U+FFFD (and count them in
    ///   ``replacements``) instead of refusing the document.
    /// - Throws: ``DocumentError/invalidUTF8(byteOffset:)`` at the first byte that is not UTF-8,
    ///   unless `lossy`.
    /// - Complexity: O(n) in the number of bytes.
    public init(id: String, path: String, bytes: [UInt8], lossy: Bool = false) throws(DocumentError) {
        self.id = id
        self.path = path
        guard let bad = UTF8Validation.firstInvalidOffset(in: bytes) else {
            self.text = String(decoding: bytes, as: UTF8.self)
            return
        }
        guard lossy else { throw .invalidUTF8(byteOffset: bad) }
        self.text = String(decoding: bytes, as: UTF8.self)
        // Replacement characters in the result, less those the input spelled out itself.
        var genuine = 0
        var k = 0
        while k + 2 < bytes.count {
            if bytes[k] == 0xEF && bytes[k + 1] == 0xBF && bytes[k + 2] == 0xBD {
                genuine += 1
                k += 3
            } else {
                k += 1
            }
        }
        self.replacements.invalidUTF8 = text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count - genuine
        self.replacements.originalSHA256 = SHA256.hex(of: bytes)
    }

    public static func == (left: SourceText, right: SourceText) -> Bool {
        left.id == right.id && left.path == right.path && left.text == right.text
            && left.replacements == right.replacements
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(path)
        hasher.combine(text)
        hasher.combine(replacements)
    }

    /// The text's surface between two UTF-8 byte offsets.
    public func surface(_ span: Span) -> String {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: span.start)
        let end = utf8.index(start, offsetBy: span.length)
        return String(text[start..<end])
    }
}

/// Why a document could not be annotated.
public enum DocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not UTF-8; the offset is the first bad byte.
    case invalidUTF8(byteOffset: Int)
    /// The file could not be read.
    case unreadable(reason: String)
    /// The text holds a character that XML 1.0 cannot carry.
    case notXMLCharacter(scalar: UInt32, byteOffset: Int)

    public var description: String {
        switch self {
        case .invalidUTF8(let offset):
            return "not valid UTF-8 at byte \(offset)"
        case .unreadable(let reason):
            return "cannot read: \(reason)"
        case .notXMLCharacter(let scalar, let offset):
            let hex = String(scalar, radix: 16, uppercase: true)
            return
                "character U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex) at byte \(offset) cannot be carried by XML 1.0"
        }
    }
}
