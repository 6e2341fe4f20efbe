import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits for SIGINT or SIGTERM, so a long-running command can shut down cleanly.
enum TerminationSignal {
    /// Returns the signal that arrived.
    static func wait() async -> Int32 {
        let resumed = Mutex(false)
        return await withCheckedContinuation { continuation in
            let sources = [SIGINT, SIGTERM].map { number in
                signal(number, SIG_IGN)
                return (number, DispatchSource.makeSignalSource(signal: number, queue: .global()))
            }
            for (number, source) in sources {
                source.setEventHandler {
                    let first = resumed.withLock { done in
                        defer { done = true }
                        return !done
                    }
                    if first {
                        sources.forEach { $0.1.cancel() }
                        continuation.resume(returning: number)
                    }
                }
                source.resume()
            }
        }
    }
}
