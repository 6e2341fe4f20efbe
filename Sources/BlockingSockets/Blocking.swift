import Foundation

/// Runs blocking socket work on a thread of its own: blocking one of Swift concurrency's few
/// cooperative threads (two on a 2-core machine) would starve the actors the caller waits on.
public func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}
