/// Tests on eight bytes at once ("SIMD within a register"), so that a scan skips long runs of
/// ordinary text a word at a time and looks at single bytes only in words that need it.
///
/// Each test returns nonzero exactly when some byte of the word qualifies; which byte is not
/// told (bits above the first hit may be set spuriously), so callers re-check that word byte by
/// byte.
///
/// Everything is `@inlinable`: other modules (StanceKitXML) call these tests in their inner
/// loops, and a call per test costs about ten times the test (one to three instructions). The
/// enum itself must be `@usableFromInline` too: Swift 6.3 does not inline the `@inlinable`
/// members of a plain `package` type into another module.
@usableFromInline package enum WordScan {
    @usableFromInline static var ones: UInt64 { 0x0101_0101_0101_0101 }
    @usableFromInline static var highBits: UInt64 { 0x8080_8080_8080_8080 }

    /// Nonzero when some byte of `word` is below `bound`, which must be at most 128.
    @inlinable @inline(__always)
    package static func anyBelow(_ word: UInt64, _ bound: UInt8) -> UInt64 {
        (word &- ones &* UInt64(bound)) & ~word & highBits
    }

    /// Nonzero when some byte of `word` has its high bit set (is not ASCII).
    @inlinable @inline(__always)
    package static func anyNonASCII(_ word: UInt64) -> UInt64 { word & highBits }

    /// Nonzero when some byte of `word` equals `byte`.
    @inlinable @inline(__always)
    package static func anyEqual(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        anyBelow(word ^ (ones &* UInt64(byte)), 1)
    }

    /// The eight bytes of `bytes` at `offset`, in any byte order; `offset + 8` must not pass
    /// the end.
    @inlinable @inline(__always)
    package static func word(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }
}
