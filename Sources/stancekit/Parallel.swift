import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

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

    /// Runs `body` on a thread of its own and returns its result once it ends; the calling thread
    /// waits, so one core works at a time. The thread's stack is the main thread's limit
    /// (`ulimit -s`), at least 8 MiB. Where no thread can be made, `body` runs on the caller's.
    ///
    /// A batch runs this way so that its allocations stay clear of the memory compiling the
    /// rules freed: glibc gives a new thread an arena of its own, where the main thread's is
    /// left scattered with free blocks of every size (a 49,022-entity rule file leaves over
    /// 100 MB of them), and malloc searched them for every document. Annotating Reuters-21578
    /// with such rules on one core ran at 46.1 MB/s on the main thread and 56.8 MB/s on its own
    /// (best of ten each). Other C libraries run `body` on the caller's thread.
    static func onOwnThread<Result: Sendable>(_ body: @escaping @Sendable () -> Result) -> Result {
        #if canImport(Glibc)
            let box = ResultBox<Result>()
            let job = ThreadJob { box.value = body() }
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            var limit = rlimit()
            var stack = 8 << 20
            if getrlimit(__rlimit_resource_t(RLIMIT_STACK.rawValue), &limit) == 0 && limit.rlim_cur != rlim_t.max {
                stack = max(stack, Int(limit.rlim_cur))
            }
            var thread = pthread_t()
            let context = Unmanaged.passRetained(job).toOpaque()
            let started =
                pthread_attr_setstacksize(&attributes, stack) == 0
                && pthread_create(
                    &thread, &attributes,
                    { context in
                        Unmanaged<ThreadJob>.fromOpaque(context!).takeRetainedValue().run()
                        return nil
                    }, context) == 0
            if started {
                pthread_join(thread, nil)
                return box.value!
            }
            Unmanaged<ThreadJob>.fromOpaque(context).release()
        #endif
        return body()
    }

    /// What the thread of ``onOwnThread(_:)`` runs.
    private final class ThreadJob {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// Written once by the thread of ``onOwnThread(_:)``, read after joining it.
    private final class ResultBox<Value: Sendable>: @unchecked Sendable {
        var value: Value?
    }

    private final class Counter: Sendable {
        let next = Atomic<Int>(0)
    }
}
