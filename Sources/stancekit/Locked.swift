import Foundation

/// A value behind a pthread mutex (`NSLock`), shared by the worker threads of a batch.
///
/// Chosen over `Synchronization.Mutex`, whose futex-based lock ThreadSanitizer cannot see, so the
/// tool's concurrency can be checked with `swift test --sanitize=thread`.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
