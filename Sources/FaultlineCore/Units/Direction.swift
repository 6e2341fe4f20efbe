/// Which way data flows through a proxy, as Toxiproxy's "stream" names it.
public enum Flow: String, CaseIterable, Hashable, Sendable {
    /// Client to server.
    case upstream
    /// Server to client.
    case downstream
}

/// The flows a fault or partition applies to.
public enum Direction: String, CaseIterable, Hashable, Sendable {
    case upstream
    case downstream
    case both

    public var flows: [Flow] {
        switch self {
        case .upstream: [.upstream]
        case .downstream: [.downstream]
        case .both: [.upstream, .downstream]
        }
    }

    public func includes(_ flow: Flow) -> Bool {
        self == .both || rawValue == flow.rawValue
    }
}
