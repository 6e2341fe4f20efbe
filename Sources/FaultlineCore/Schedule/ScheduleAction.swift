/// What a schedule step does: to the proxies, or (in a suite) to the nodes through a nemesis, or
/// to the hosts of the suite's netns lab.
public enum ScheduleAction: Hashable, Sendable, CustomStringConvertible {
    case partition(Partition)
    case heal(ProxySelection)
    case enable(ProxySelection)
    case disable(ProxySelection)
    case addFault(proxy: String, fault: FaultSpec)
    case removeFault(proxy: String, faultName: String)
    /// Replaces all of a proxy's faults.
    case setFaults(proxy: String, faults: [FaultSpec])
    /// A fault on a suite's nodes, made concrete each time it starts.
    case nemesis(Nemesis)
    /// A change to a netns lab host's link: down, up, shaped or unshaped.
    case lab(HostAction)

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
        case .nemesis(let nemesis): nemesis.keyword
        case .lab: "lab"
        }
    }

    /// Whether the action has an inverse, so that it can be undone at the end of an `every`/`for` window.
    public var isUndoable: Bool {
        switch self {
        case .partition, .enable, .disable, .addFault, .setFaults: true
        case .heal, .removeFault: false
        case .nemesis(let nemesis): nemesis.isUndoable
        case .lab(let action): action.inverse != nil
        }
    }

    /// The action in words, as schedule logs show it: "partition redis (drop, both)".
    public var description: String {
        func names(_ selection: ProxySelection) -> String {
            switch selection {
            case .all: "all proxies"
            case .named(let names): names.joined(separator: ", ")
            }
        }
        return switch self {
        case .partition(let partition): "partition \(names(partition.proxies)) (\(partition.mode.rawValue), \(partition.direction.rawValue))"
        case .heal(let selection): "heal \(names(selection))"
        case .enable(let selection): "enable \(names(selection))"
        case .disable(let selection): "disable \(names(selection))"
        case .addFault(let proxy, let fault): "add \(fault.kind.type.rawValue) fault '\(fault.name)' to \(proxy)"
        case .removeFault(let proxy, let name): "remove fault '\(name)' from \(proxy)"
        case .setFaults(let proxy, let faults): "set \(proxy)'s faults to [\(faults.map(\.name).joined(separator: ", "))]"
        case .nemesis(.partition(.isolate(let selection), let mode)): "partition-random-node: \(selection) (\(mode.rawValue))"
        case .nemesis(.partition(.oneWay(let from, let to), let mode)):
            "partition-one-way: from \(from) to \(to.map(\.description) ?? "the others") (\(mode.rawValue))"
        case .nemesis(.partition(let shape, let mode)): "\(shape.keyword) (\(mode.rawValue))"
        case .nemesis(.signal(let operation, let selection)): "\(operation.rawValue) \(selection)"
        case .nemesis(.heal(let grudge)): "heal partition \(grudge)"
        case .lab(let action): action.description
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
