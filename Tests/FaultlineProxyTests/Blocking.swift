import BlockingSockets
import Foundation

/// A port on which nothing listens.
func closedPort() throws -> Int {
    let server = try BlockingServer { $0.close() }
    server.stop()
    return server.port
}

/// Runs blocking socket work on a thread of its own: blocking one of Swift concurrency's few
/// cooperative threads (two on a 2-core machine) would starve the actors the test is waiting on.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}
