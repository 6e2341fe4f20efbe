import FaultlineCore

/// What a proxy's connections need to know, pushed to each when it changes.
struct ProxySettings: Sendable {
    var faults: [FaultSpec]
    var partition: PartitionState?
}

/// A partition in force on one proxy.
public struct PartitionState: Hashable, Sendable {
    public var mode: Partition.Mode
    public var direction: Direction

    public init(mode: Partition.Mode, direction: Direction) {
        self.mode = mode
        self.direction = direction
    }

    /// In drop mode, the flows that are silenced.
    func drops(_ flow: Flow) -> Bool {
        mode == .drop && direction.includes(flow)
    }
}
