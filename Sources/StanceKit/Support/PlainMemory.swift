import Foundation

/// Memory for plain values from `malloc` and `free`: every ``RawVector`` (the vocabulary's and
/// the tries' tables, a document's tokens), token columns, decoded JSON text and the XML byte
/// writer's buffers.
///
/// `UnsafeMutablePointer.allocate(capacity:)` asks the Swift runtime for "default" alignment,
/// which it serves with `posix_memalign`: about 200 instructions a call against 100 for `malloc`
/// (callgrind, Reuters-21578 with the summit rules: 100,000 such calls). `malloc` aligns to twice
/// the word size (16 bytes on 64-bit platforms), enough for every type stored this way.
package enum PlainMemory {
    /// Room for `count` values of `T` (at least one), uninitialized; free it with ``free(_:)``.
    /// - Complexity: one `malloc`.
    @inline(__always)
    package static func allocate<T: BitwiseCopyable>(_ type: T.Type = T.self, count: Int) -> UnsafeMutablePointer<T> {
        precondition(MemoryLayout<T>.alignment <= 2 * MemoryLayout<Int>.size, "malloc aligns to two words")
        guard let raw = malloc(max(count, 1) * MemoryLayout<T>.stride) else {
            fatalError("out of memory allocating \(count) values of \(T.self)")
        }
        return raw.bindMemory(to: T.self, capacity: max(count, 1))
    }

    /// Frees memory from ``allocate(_:count:)``.
    @inline(__always)
    package static func free<T>(_ pointer: UnsafeMutablePointer<T>) { Foundation.free(pointer) }
}
