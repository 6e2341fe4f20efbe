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
    private let upstreamSentBytes = Atomic<Int>(0)
    private let downstreamSentBytes = Atomic<Int>(0)

    public init() {}

    /// Bytes read from the flow's sender.
    func add(bytes: Int, to flow: Flow) {
        if flow == .upstream {
            upstreamBytes.add(bytes, ordering: .relaxed)
        } else {
            downstreamBytes.add(bytes, ordering: .relaxed)
        }
    }

    /// Bytes written on to the flow's receiver, after the faults (dropped, duplicated or held
    /// bytes make this differ from what was read).
    func add(sentBytes bytes: Int, to flow: Flow) {
        if flow == .upstream {
            upstreamSentBytes.add(bytes, ordering: .relaxed)
        } else {
            downstreamSentBytes.add(bytes, ordering: .relaxed)
        }
    }

    func datagramReceived(on flow: Flow) {
        state.withLock { $0.datagrams[flow, default: DatagramCounts()].received += 1 }
    }

    func datagramSent(on flow: Flow) {
        state.withLock { $0.datagrams[flow, default: DatagramCounts()].sent += 1 }
    }

    /// A datagram dropped for `reason`: `partition`, or `session_limit` (always upstream).
    func datagramDropped(on flow: Flow, _ reason: String) {
        state.withLock { $0.datagrams[flow, default: DatagramCounts()].dropped[reason, default: 0] += 1 }
    }

    /// What a flow's fault stages did to one datagram.
    func add(_ tally: PacketTally, on flow: Flow) {
        state.withLock { snapshot in
            var counts = snapshot.datagrams[flow] ?? DatagramCounts()
            for (type, count) in tally.dropped { counts.dropped[type.rawValue, default: 0] += count }
            counts.duplicated += tally.duplicated
            counts.reordered += tally.reordered
            counts.corrupted += tally.corrupted
            snapshot.datagrams[flow] = counts
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
        snapshot.sentBytes = [.upstream: upstreamSentBytes.load(ordering: .relaxed),
                              .downstream: downstreamSentBytes.load(ordering: .relaxed)]
        return snapshot
    }

    public struct Snapshot: Sendable, Equatable {
        /// Bytes read from each flow's sender.
        public var bytes: [Flow: Int] = [:]
        /// Bytes written on to each flow's receiver.
        public var sentBytes: [Flow: Int] = [:]
        public var acceptedConnections = 0
        public var openConnections = 0
        public var refusedConnections = 0
        public var upstreamFailures = 0
        /// Per fault type, how many connection flows it applied to (after toxicity).
        public var faultsApplied: [FaultType: Int] = [:]
        /// UDP: what happened to datagrams, per flow.
        public var datagrams: [Flow: DatagramCounts] = [:]
    }

    /// What happened to one flow's datagrams.
    public struct DatagramCounts: Sendable, Equatable {
        /// As they arrived, and as they were sent on.
        public var received = 0
        public var sent = 0
        /// Dropped, by reason: a fault type (`loss`, `bandwidth`, `blackhole`), `partition`, or
        /// `session_limit`.
        public var dropped: [String: Int] = [:]
        public var duplicated = 0
        /// Sent ahead of held ones by a reorder fault.
        public var reordered = 0
        public var corrupted = 0
    }
}
