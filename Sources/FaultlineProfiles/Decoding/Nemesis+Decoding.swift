import FaultlineCore

/// A suite's topology, against which the nemeses and lab steps of its schedule are checked.
struct NemesisTargets {
    let topology: SuiteTopology
    let log: DiagnosticLog

    var nodes: [String] { topology.nodes }

    static let keywords = NodePartition.keywords + NodeOperation.allCases.map(\.rawValue)
    /// The keys of the schedule steps that only a suite has: the nemeses and `lab`.
    static let stepKeywords = keywords + ["lab"]

    var nodeName: ScalarDecoder<String> { .member(of: nodes, noun: "node") }

    /// Decodes the value of a nemesis keyword: partitions take a mapping (`nodes`, `from`, `to`,
    /// `mode`, each optional), node operations a node selection.
    func decode(_ keyword: String, _ node: ConfigNode, at path: ConfigPath) -> Nemesis? {
        if let operation = NodeOperation(rawValue: keyword) {
            return selection(node, at: path).map { .signal(operation, $0) }
        }
        if !topology.canPartition {
            log.report("'\(keyword)' cuts the proxies between nodes or the lab's links, and no proxy names both 'from' "
                       + "and 'to', and no node runs in a lab host", at: node.location, path: path)
            return nil
        }
        let empty = ConfigNode(content: .mapping([]), location: node.location)
        guard var fields = MappingReader(Self.isNull(node) ? empty : node, at: path, describing: "a partition nemesis", log: log)
        else { return nil }
        let mode = fields.optional("mode", ScalarDecoder<Partition.Mode>.choice) ?? .drop
        let shape: NodePartition?
        switch keyword {
        case "partition-random-node":
            shape = .isolate(fields.optional("nodes") { selection($0, at: $1) } ?? .random(count: 1, among: nil))
        case "partition-random-halves": shape = .randomHalves
        case "partition-majorities-ring": shape = .majoritiesRing
        case "bridge": shape = .bridge
        default:
            let from = fields.optional("from") { selection($0, at: $1) } ?? .random(count: 1, among: nil)
            shape = .oneWay(from: from, to: fields.optional("to") { selection($0, at: $1) })
        }
        fields.finish()
        return shape.map { .partition($0, mode: mode) }
    }

    /// `all`, a node name, a list of them, or `{random: N, among: [names]}`; nothing means one
    /// random node.
    func selection(_ node: ConfigNode, at path: ConfigPath) -> NodeSelection? {
        if Self.isNull(node) { return .random(count: 1, among: nil) }
        switch node.content {
        case .scalar("all", _): return .all
        case .scalar: return log.scalar(node, at: path, nodeName).map { .named([$0]) }
        case .sequence:
            return log.list(node, at: path, of: "node names") { log.scalar($0, at: $1, nodeName) }.map { .named($0) }
        default:
            guard var fields = MappingReader(node, at: path, describing: "a choice of nodes ('all', names, or {random: N})",
                                             log: log) else { return nil }
            let count = fields.optional("random", .integer(in: 1...1000)) ?? 1
            let among = fields.optional("among") { node, path in
                log.list(node, at: path, of: "node names") { log.scalar($0, at: $1, nodeName) }
            }
            fields.finish()
            return .random(count: count, among: among)
        }
    }

    private static func isNull(_ node: ConfigNode) -> Bool {
        if case .null = node.content { return true }
        return false
    }
}
