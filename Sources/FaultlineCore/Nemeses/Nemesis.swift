/// A fault stated in terms of a suite's nodes rather than its proxies, as Jepsen's nemeses are.
///
/// Each time its schedule step starts, a nemesis picks its targets (the named nodes, or a draw
/// from the run's seed) and becomes something concrete: partitions of the proxies that link the
/// chosen nodes, or signals to the chosen nodes' processes.
public enum Nemesis: Hashable, Sendable {
    /// Cuts node-to-node traffic in the given shape.
    case partition(NodePartition, mode: Partition.Mode)
    /// Kills, starts, restarts, pauses or resumes nodes.
    case signal(NodeOperation, NodeSelection)
    /// Ends a partition: heals exactly the cuts it made (the undo of a partition, not written in suites).
    case heal(Grudge)

    /// The nemesis's name in suites.
    public var keyword: String {
        switch self {
        case .partition(let shape, _): shape.keyword
        case .signal(let operation, _): operation.rawValue
        case .heal: "heal-partition"
        }
    }

    /// Whether the end of an `every`/`for` window can undo it: partitions heal, killed nodes start
    /// again, paused nodes resume.
    public var isUndoable: Bool {
        switch self {
        case .partition: true
        case .signal(let operation, _): operation.inverse != nil
        case .heal: false
        }
    }
}

/// The shapes of Jepsen's partition nemeses, over a suite's nodes.
public enum NodePartition: Hashable, Sendable {
    /// The chosen nodes cannot talk to the others, nor the others to them (`partition-random-node`).
    case isolate(NodeSelection)
    /// The nodes split into two random halves, the smaller first (`partition-random-halves`).
    case randomHalves
    /// Every node sees a majority, but no two nodes see the same one (`partition-majorities-ring`).
    case majoritiesRing
    /// Two halves that cannot talk to each other, and one node of the second that talks to both (`bridge`).
    case bridge
    /// Traffic from `from` toward `to` is cut while the reverse flows (`partition-one-way`); `to`
    /// nil means every node not in `from`.
    case oneWay(from: NodeSelection, to: NodeSelection?)

    public static let keywords = ["partition-random-node", "partition-random-halves", "partition-majorities-ring",
                                  "bridge", "partition-one-way"]

    public var keyword: String {
        switch self {
        case .isolate: "partition-random-node"
        case .randomHalves: "partition-random-halves"
        case .majoritiesRing: "partition-majorities-ring"
        case .bridge: "bridge"
        case .oneWay: "partition-one-way"
        }
    }

    /// The traffic this shape cuts this time, drawing from `random` where it chooses.
    public func grudge(among nodes: [String], using random: inout SeededRandom) -> Grudge {
        switch self {
        case .isolate(let selection):
            let chosen = selection.choose(among: nodes, using: &random)
            return Grudge(components: [chosen, nodes.filter { !chosen.contains($0) }])
        case .randomHalves:
            let shuffled = nodes.shuffled(using: &random)
            let smaller = shuffled.count / 2
            return Grudge(components: [Array(shuffled[..<smaller]), Array(shuffled[smaller...])])
        case .majoritiesRing:
            return .majoritiesRing(nodes.shuffled(using: &random))
        case .bridge:
            return .bridge(nodes.shuffled(using: &random))
        case .oneWay(let from, let to):
            // Named nodes are taken first; a random side is drawn from the nodes the other leaves.
            let sources: [String], targets: [String]
            if let to, case .random = from {
                targets = to.choose(among: nodes, using: &random)
                sources = from.choose(among: nodes.filter { !targets.contains($0) }, using: &random)
            } else {
                sources = from.choose(among: nodes, using: &random)
                let rest = nodes.filter { !sources.contains($0) }
                targets = to.map { $0.choose(among: rest, using: &random) } ?? rest
            }
            return Grudge(cuts: Set(sources.flatMap { source in targets.map { Grudge.Cut(from: source, to: $0) } }))
        }
    }
}

/// What a signal nemesis does to a node's processes.
public enum NodeOperation: String, CaseIterable, Hashable, Sendable {
    /// SIGKILL to the node's process group: a crash, with no chance to flush.
    case kill
    /// Starts a killed node again (as it was first started, in the same directory); nothing if it runs.
    case start
    /// Stops the node with its stop signal and grace, then starts it again.
    case restart
    /// SIGSTOP: the node hangs, its connections stay open.
    case pause
    /// SIGCONT after a pause.
    case resume

    /// What the end of a window does: start what was killed, resume what was paused.
    public var inverse: NodeOperation? {
        switch self {
        case .kill: .start
        case .pause: .resume
        case .start, .restart, .resume: nil
        }
    }
}

/// Which nodes a nemesis acts on: named ones, all, or a seeded random draw.
public enum NodeSelection: Hashable, Sendable, CustomStringConvertible {
    case all
    case named([String])
    /// `count` distinct nodes drawn at random from `among` (all nodes when nil), anew each time.
    case random(count: Int, among: [String]?)

    /// The nodes chosen this time, in the order of `nodes`; a random draw never exceeds what there is.
    public func choose(among nodes: [String], using random: inout SeededRandom) -> [String] {
        switch self {
        case .all: return nodes
        case .named(let names): return nodes.filter(names.contains)
        case .random(let count, let among):
            let pool = among.map { names in nodes.filter(names.contains) } ?? nodes
            let drawn = Set(pool.shuffled(using: &random).prefix(count))
            return pool.filter(drawn.contains)
        }
    }

    /// The node names a selection mentions, for validation.
    public var mentioned: [String] {
        switch self {
        case .all: []
        case .named(let names): names
        case .random(_, let among): among ?? []
        }
    }

    public var description: String {
        switch self {
        case .all: "all nodes"
        case .named(let names): names.joined(separator: ", ")
        case .random(let count, let among):
            "\(count) random node\(count == 1 ? "" : "s")" + (among.map { " of \($0.joined(separator: ", "))" } ?? "")
        }
    }
}
