import Dispatch
import Foundation
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

    /// Runs `body` on a thread of its own, with an 8 MiB stack like the main thread's, and
    /// returns its result once it ends; the calling thread waits, so one core works at a time.
    ///
    /// A batch runs this way so that its allocations stay clear of the memory compiling the
    /// rules freed: glibc gives a new thread an arena of its own, where the main thread's is
    /// left scattered with free blocks of every size (a 49,022-entity rule file leaves over
    /// 100 MB of them). On that arena malloc searched its bins for every document: annotating
    /// Reuters-21578 with such rules on one core took 8 to 10 % longer.
    static func onOwnThread<Result: Sendable>(_ body: @escaping @Sendable () -> Result) -> Result {
        let box = ResultBox<Result>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        done.wait()
        return box.value!
    }

    /// Written once by the thread of ``onOwnThread(_:)`` before it signals, read after the wait.
    private final class ResultBox<Value: Sendable>: @unchecked Sendable {
        var value: Value?
    }

    private final class Counter: Sendable {
        let next = Atomic<Int>(0)
    }
}
