/// What a schedule step does to the proxies.
public enum ScheduleAction: Hashable, Sendable {
    case partition(Partition)
    case heal(ProxySelection)
    case enable(ProxySelection)
    case disable(ProxySelection)
    case addFault(proxy: String, fault: FaultSpec)
    case removeFault(proxy: String, faultName: String)
    /// Replaces all of a proxy's faults.
    case setFaults(proxy: String, faults: [FaultSpec])

    /// The action's name in profiles.
    public var keyword: String {
        switch self {
        case .partition: "partition"
        case .heal: "heal"
        case .enable: "enable"
        case .disable: "disable"
        case .addFault: "add"
        case .removeFault: "remove"
        case .setFaults: "set"
        }
    }

    /// Whether the action has an inverse, so that it can be undone at the end of an `every`/`for` window.
    public var isUndoable: Bool {
        switch self {
        case .partition, .enable, .disable, .addFault, .setFaults: true
        case .heal, .removeFault: false
        }
    }
}

/// Which proxies an action names.
public enum ProxySelection: Hashable, Sendable {
    case all
    case named([String])
}

/// A network partition on the traffic of some proxies.
public struct Partition: Hashable, Sendable {
    /// `drop` silences the traffic (connections hang, nothing is lost); `reject` resets and refuses.
    public enum Mode: String, CaseIterable, Hashable, Sendable {
        case drop
        case reject
    }

    public var proxies: ProxySelection
    public var mode: Mode
    public var direction: Direction

    public init(proxies: ProxySelection, mode: Mode = .drop, direction: Direction = .both) {
        self.proxies = proxies
        self.mode = mode
        self.direction = direction
    }
}
