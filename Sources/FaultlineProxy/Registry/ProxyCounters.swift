import FaultlineCore
import Synchronization

/// Live counters of one proxy, updated by its connections on their event loops and read by the
/// metrics endpoint: bytes per flow, connections, and how often each fault type applied.
public final class ProxyCounters: Sendable {
    private let state = Mutex(Snapshot())
    /// Counted on every read, so kept apart from the lock.
    private let upstreamBytes = Atomic<Int>(0)
    private let downstreamBytes = Atomic<Int>(0)

    public init() {}

    func add(bytes: Int, to flow: Flow) {
        if flow == .upstream {
            upstreamBytes.add(bytes, ordering: .relaxed)
        } else {
            downstreamBytes.add(bytes, ordering: .relaxed)
        }
    }

    func connectionOpened() {
        state.withLock {
            $0.acceptedConnections += 1
            $0.openConnections += 1
        }
    }

    func connectionClosed() { state.withLock { $0.openConnections -= 1 } }
    func connectionRefused() { state.withLock { $0.refusedConnections += 1 } }
    func upstreamFailed() { state.withLock { $0.upstreamFailures += 1 } }
    func faultApplied(_ type: FaultType) { state.withLock { $0.faultsApplied[type, default: 0] += 1 } }

    public var snapshot: Snapshot {
        var snapshot = state.withLock { $0 }
        snapshot.bytes = [.upstream: upstreamBytes.load(ordering: .relaxed), .downstream: downstreamBytes.load(ordering: .relaxed)]
        return snapshot
    }

    public struct Snapshot: Sendable, Equatable {
        public var bytes: [Flow: Int] = [:]
        public var acceptedConnections = 0
        public var openConnections = 0
        public var refusedConnections = 0
        public var upstreamFailures = 0
        /// Per fault type, how many connection flows it applied to (after toxicity).
        public var faultsApplied: [FaultType: Int] = [:]
    }
}
