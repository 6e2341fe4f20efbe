/// A process a suite starts and supervises: a database node, or any server under test.
public struct NodeSpec: Hashable, Sendable {
    /// How to tell that a started node is ready for clients.
    public enum Readiness: Hashable, Sendable {
        /// Ready at once.
        case immediately
        /// Something accepts TCP connections on this address.
        case tcpPort(Endpoint)
        /// An HTTP GET of `path` on `endpoint` answers `status`.
        case http(endpoint: Endpoint, path: String, status: Int)
        /// This command exits 0.
        case command([String])
    }

    /// The signals a node may be stopped with.
    public enum StopSignal: String, CaseIterable, Hashable, Sendable {
        case term = "TERM"
        case int = "INT"
        case quit = "QUIT"
        case kill = "KILL"
    }

    public var name: String
    /// The program, as a path or a name looked up in PATH.
    public var command: String
    public var arguments: [String]
    /// Added to the controller's own environment.
    public var environment: [String: String]
    /// The netns lab host the node runs in; nil: the controller's own network.
    public var host: String?
    public var readiness: Readiness
    public var startTimeout: Duration
    public var stopSignal: StopSignal
    /// How long a node may take to exit after `stopSignal` before it is killed.
    public var stopGrace: Duration

    public init(name: String, command: String, arguments: [String] = [], environment: [String: String] = [:],
                host: String? = nil, readiness: Readiness = .immediately, startTimeout: Duration = .seconds(30), stopSignal: StopSignal = .term,
                stopGrace: Duration = .seconds(10)) {
        self.name = name
        self.command = command
        self.arguments = arguments
        self.environment = environment
        self.host = host
        self.readiness = readiness
        self.startTimeout = startTimeout
        self.stopSignal = stopSignal
        self.stopGrace = stopGrace
    }
}

extension Sequence<NodeSpec> {
    /// The lab host of each node that runs in one, by node name.
    public var hostsByNode: [String: String] {
        Dictionary(uniqueKeysWithValues: compactMap { node in node.host.map { (node.name, $0) } })
    }
}
