/// Per-token integer columns of one document (which mention, sentence, quote… holds each
/// token) in one allocation that the instance owns and frees.
///
/// One `malloc` per document, where an array per column would cost an allocation and a
/// generic-metadata look-up each. The values start uninitialized, so that no column is written
/// twice (a column set to -1 costs 4 bytes a token to fill).
final class TokenColumns {
    private let base: UnsafeMutablePointer<Int32>
    private let tokenCount: Int

    /// `columns` columns of `tokens` values each, uninitialized: whoever reads a column fills it
    /// first.
    init(columns: Int, tokens: Int) {
        tokenCount = tokens
        base = PlainMemory.allocate(count: columns * tokens)
    }

    deinit { PlainMemory.free(base) }

    /// Column `index`, valid while the instance lives.
    subscript(index: Int) -> UnsafeMutableBufferPointer<Int32> {
        UnsafeMutableBufferPointer(start: base + index * tokenCount, count: tokenCount)
    }
}
