import Dispatch
import Synchronization

/// Work spread over threads.
enum Parallel {
    /// Calls `body` once for every index in `0..<count`, on up to `jobs` threads. Each thread takes
    /// the next index from a shared counter, so slow items do not hold up the rest; the order of
    /// the calls is not defined.
    static func forEach(_ count: Int, jobs: Int, _ body: @Sendable (Int) -> Void) {
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, count))) { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < count else { break }
                body(index)
            }
        }
    }

    /// Starts calling `body` once for every index in `0..<count`, on up to `jobs` threads, and
    /// returns at once: wait on the group for the calls to end. Otherwise as ``forEach(_:jobs:_:)``.
    static func start(_ count: Int, jobs: Int, _ body: @escaping @Sendable (Int) -> Void) -> DispatchGroup {
        let group = DispatchGroup()
        let counter = Counter()
        for _ in 0..<max(1, min(jobs, count)) {
            DispatchQueue.global().async(group: group) {
                while true {
                    let index = counter.next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < count else { break }
                    body(index)
                }
            }
        }
        return group
    }

    private final class Counter: Sendable {
        let next = Atomic<Int>(0)
    }
}
