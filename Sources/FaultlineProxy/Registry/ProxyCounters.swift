import FaultlineCore
import Synchronization

/// Live counters of one proxy, updated by its connections on their event loops and read by the
/// metrics endpoint: bytes per flow, connections (for UDP, sessions), how often each fault type
/// applied, and for UDP what happened to datagrams.
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

    func datagramReceived(on flow: Flow) {
        state.withLock { $0.datagramsReceived[flow, default: 0] += 1 }
    }

    func datagramSent(on flow: Flow) {
        state.withLock { $0.datagramsSent[flow, default: 0] += 1 }
    }

    /// A datagram dropped for `reason`: a fault type's name, `partition`, or `session_limit`.
    func datagramDropped(_ reason: String) {
        state.withLock { $0.datagramsDropped[reason, default: 0] += 1 }
    }

    func add(_ tally: PacketTally) {
        state.withLock { snapshot in
            for (type, count) in tally.dropped { snapshot.datagramsDropped[type.rawValue, default: 0] += count }
            snapshot.datagramsDuplicated += tally.duplicated
            snapshot.datagramsReordered += tally.reordered
            snapshot.datagramsCorrupted += tally.corrupted
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
        /// UDP: datagrams per flow as they arrived, and as they were sent on.
        public var datagramsReceived: [Flow: Int] = [:]
        public var datagramsSent: [Flow: Int] = [:]
        /// UDP: datagrams dropped, by reason (a fault type, `partition`, `session_limit`).
        public var datagramsDropped: [String: Int] = [:]
        public var datagramsDuplicated = 0
        /// UDP: datagrams a reorder fault sent ahead of held ones.
        public var datagramsReordered = 0
        public var datagramsCorrupted = 0
    }
}
