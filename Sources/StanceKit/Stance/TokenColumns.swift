/// Per-token integer columns of one document (which mention, sentence, quote… holds each
/// token) in one allocation that the instance owns and frees.
///
/// One `malloc` and one fill per document, where an array per column would cost an allocation
/// and a generic-metadata look-up each.
final class TokenColumns {
    private let base: UnsafeMutablePointer<Int32>
    private let tokenCount: Int

    /// `columns` columns of `tokens` values each, every value `-1`.
    init(columns: Int, tokens: Int) {
        tokenCount = tokens
        base = .allocate(capacity: max(columns * tokens, 1))
        base.initialize(repeating: -1, count: columns * tokens)
    }

    deinit { base.deallocate() }

    /// Column `index`, valid while the instance lives.
    subscript(index: Int) -> UnsafeMutableBufferPointer<Int32> {
        UnsafeMutableBufferPointer(start: base + index * tokenCount, count: tokenCount)
    }
}
