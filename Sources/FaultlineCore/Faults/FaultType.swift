/// The names of the faults, as profiles and the API spell them.
public enum FaultType: String, CaseIterable, Hashable, Sendable {
    case latency
    case bandwidth
    case slowClose = "slow_close"
    case timeout
    case resetPeer = "reset_peer"
    case slicer
    case limitData = "limit_data"
    case connectDelay = "connect_delay"
    case blackhole
    case reject
    case loss
    case duplicate
    case reorder
    case corrupt
    case noop

    /// The transports on which the fault means something.
    public var transports: Set<TransportProtocol> {
        switch self {
        case .latency, .bandwidth, .blackhole, .corrupt, .noop: [.tcp, .udp]
        case .slowClose, .timeout, .resetPeer, .slicer, .limitData, .connectDelay, .reject: [.tcp]
        case .loss, .duplicate, .reorder: [.udp]
        }
    }

    /// Faults that act on whole connections rather than on one flow of data; they take no direction.
    public var actsOnConnections: Bool {
        self == .connectDelay || self == .reject
    }
}
