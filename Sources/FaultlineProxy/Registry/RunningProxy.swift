import FaultlineCore
import NIOCore

/// A proxy the registry runs, whatever its transport: it listens, relays, and takes new faults
/// and partitions while running.
protocol RunningProxy: AnyObject, Sendable {
    var counters: ProxyCounters { get }
    var spec: ProxySpec { get }
    /// The address the listener is bound to (with the real port when the spec said 0).
    var boundAddress: SocketAddress? { get }
    func start() async throws
    /// Closes the listener and every connection or session.
    func stop() async
    /// Changes the settings of every connection or session, existing and future; returns once
    /// the existing ones have them, so that a partition is in force when the caller goes on.
    func updateSettings(_ change: (inout ProxySettings) -> Void) async
}

extension RunningProxy {
    var name: String { spec.name }

    func setFaults(_ faults: [FaultSpec]) async {
        await updateSettings { $0.faults = faults }
    }

    /// A partition, or nil to heal.
    func setPartition(_ partition: PartitionState?) async {
        await updateSettings { $0.partition = partition }
    }
}

/// What the registry gives each proxy it runs: the event loops, the proxy's own random stream
/// (split from the run's seed by the proxy's name), and where to log.
struct ProxyContext: Sendable {
    let group: EventLoopGroup
    let random: SeededRandom
    let log: @Sendable (String) -> Void
    /// For failures that can repeat many times a second (an upstream that refuses connections).
    let repeatedFailures: RepeatLimiter

    init(group: EventLoopGroup, random: SeededRandom, log: @escaping @Sendable (String) -> Void) {
        self.group = group
        self.random = random
        self.log = log
        repeatedFailures = RepeatLimiter(log: log)
    }
}

extension ProxySpec {
    /// After binding: a listen port of 0 becomes the port the system picked, so that the proxy
    /// comes back on the same address when it is disabled and enabled again.
    mutating func keepBoundPort(_ address: SocketAddress?) {
        guard listen.port == 0, let port = address?.port, let bound = UInt16(exactly: port) else { return }
        listen.port = bound
    }
}
