import FaultlineCore

/// What a suite's schedule acts on besides proxies: its nodes, the proxies between them, and the
/// lab hosts the nodes run in. Nemeses and lab steps are checked against it.
public struct SuiteTopology: Sendable {
    public var nodes: [String]
    public var links: [String: ProxyLink]
    /// The lab's hosts, when the suite has a lab.
    public var labHosts: [String]?
    /// The lab host of each node that runs in one.
    public var nodeHosts: [String: String]

    public init(nodes: [String], links: [String: ProxyLink], labHosts: [String]? = nil, nodeHosts: [String: String] = [:]) {
        self.nodes = nodes
        self.links = links
        self.labHosts = labHosts
        self.nodeHosts = nodeHosts
    }

    /// Whether partition nemeses have something to cut: proxies between nodes, or nodes in lab hosts.
    var canPartition: Bool {
        !nodeHosts.isEmpty || links.values.contains { $0.from != nil && $0.to != nil }
    }
}
