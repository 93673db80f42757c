/// A half-open range `[start, end)` of UTF-8 byte offsets into a document's original text.
///
/// StanceKit works in UTF-8 bytes internally because its scanner walks bytes; exporters convert
/// spans to the unit their format declares with ``OffsetConverter``.
public struct Span: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// First byte of the span (UTF-8 offset, inclusive).
    public var start: Int
    /// One past the last byte of the span (UTF-8 offset, exclusive).
    public var end: Int

    public init(start: Int, end: Int) {
        precondition(start <= end, "span start \(start) after end \(end)")
        self.start = start
        self.end = end
    }

    /// The number of UTF-8 bytes the span covers.
    public var length: Int { end - start }

    /// Whether the two spans share at least one byte.
    public func overlaps(_ other: Span) -> Bool {
        start < other.end && other.start < end
    }

    public static func < (lhs: Span, rhs: Span) -> Bool {
        lhs.start != rhs.start ? lhs.start < rhs.start : lhs.end < rhs.end
    }

    public var description: String { "[\(start), \(end))" }
}
