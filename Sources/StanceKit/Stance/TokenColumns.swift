/// Per-token integer columns of a document (which mention, sentence, quote… holds each token)
/// in one allocation that the instance owns and frees, reused for the next document
/// (``reset(columns:tokens:)``) and made larger only when a document needs more.
///
/// At most one `malloc` a document, where an array per column would cost an allocation and a
/// generic-metadata look-up each. The values start uninitialized, so that no column is written
/// twice (a column set to -1 costs 4 bytes a token to fill).
final class TokenColumns {
    private var base: UnsafeMutablePointer<Int32>
    /// The values the allocation holds.
    private var capacity: Int
    private var tokenCount: Int

    /// `columns` columns of `tokens` values each, uninitialized: whoever reads a column fills it
    /// first.
    init(columns: Int, tokens: Int) {
        tokenCount = tokens
        capacity = max(1, columns * tokens)
        base = PlainMemory.allocate(count: capacity)
    }

    deinit { PlainMemory.free(base) }

    /// Makes the columns `columns` of `tokens` values each, uninitialized, for another document:
    /// a new allocation only when the present one is too small (an ``AnnotationWorkspace``
    /// keeps one instance from document to document).
    func reset(columns: Int, tokens: Int) {
        tokenCount = tokens
        guard columns * tokens > capacity else { return }
        PlainMemory.free(base)
        capacity = columns * tokens
        base = PlainMemory.allocate(count: capacity)
    }

    /// Column `index`, valid until the next ``reset(columns:tokens:)`` or the end of the instance.
    subscript(index: Int) -> UnsafeMutableBufferPointer<Int32> {
        UnsafeMutableBufferPointer(start: base + index * tokenCount, count: tokenCount)
    }
}
