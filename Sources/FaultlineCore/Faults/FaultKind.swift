/// What a fault does, with its parameters.
public enum FaultKind: Hashable, Sendable {
    case latency(Latency)
    case bandwidth(Bandwidth)
    case slowClose(SlowClose)
    case timeout(Timeout)
    case resetPeer(ResetPeer)
    case slicer(Slicer)
    case limitData(LimitData)
    case connectDelay(ConnectDelay)
    /// Data in the fault's direction is silently discarded.
    case blackhole
    /// New connections are refused and existing ones reset.
    case reject
    case loss(Loss)
    case duplicate(Duplicate)
    case reorder(Reorder)
    case corrupt(Corrupt)
    /// Does nothing: Toxiproxy's `noop`, a placeholder its clients use to test their wiring.
    case noop

    public var type: FaultType {
        switch self {
        case .latency: .latency
        case .bandwidth: .bandwidth
        case .slowClose: .slowClose
        case .timeout: .timeout
        case .resetPeer: .resetPeer
        case .slicer: .slicer
        case .limitData: .limitData
        case .connectDelay: .connectDelay
        case .blackhole: .blackhole
        case .reject: .reject
        case .loss: .loss
        case .duplicate: .duplicate
        case .reorder: .reorder
        case .corrupt: .corrupt
        case .noop: .noop
        }
    }

    /// Cross-field problems of the parameters (single values are already range-checked by their types).
    func problems() -> [FieldProblem] {
        switch self {
        case .bandwidth(let fault): fault.problems()
        case .slicer(let fault): fault.problems()
        case .reorder(let fault): fault.problems()
        case .latency, .slowClose, .timeout, .resetPeer, .limitData, .connectDelay, .blackhole, .reject, .loss,
             .duplicate, .corrupt, .noop:
            []
        }
    }
}
