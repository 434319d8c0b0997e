import Foundation

/// Runs async work on a task of its own and blocks the calling thread until it finishes.
///
/// Why: `SQLEngine` calls are synchronous (the interpreter evaluates one statement at a time)
/// while the gRPC client is async; the work runs on a detached task so the caller's thread, which
/// is never one of Swift's cooperative threads here, simply waits on a semaphore.
enum BlockingCall {
    /// A box the task writes its result into before signalling; read only after the wait.
    private final class Outcome<T>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }

    static func run<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Outcome<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { outcome.result = .success(try await work()) } catch { outcome.result = .failure(error) }
            done.signal()
        }
        done.wait()
        guard let result = outcome.result else { throw CancellationError() }
        return try result.get()
    }
}
