/// A chaos suite: the nodes to start, the proxies between them and their clients, what the
/// clients do, the faults over time, and the verdict expected of the recorded history.
public struct Suite: Sendable {
    public var name: String
    public var seed: UInt64?
    public var nodes: [NodeSpec]
    public var proxies: [ProxySpec]
    /// Which nodes each proxy connects, where the suite says, so that nemeses know the links.
    public var links: [String: ProxyLink]
    /// Faultline servers on other machines that run some of the proxies, by name.
    public var agents: [String: AgentSpec]
    /// The agent each remote proxy runs on, by proxy; the others run in the runner itself.
    public var placements: [String: String]
    /// The netns lab the suite's nodes run in, if they run in one.
    public var lab: LabSpec?
    public var workload: WorkloadSpec
    public var schedule: [ScheduleStep]
    public var checker: CheckerSpec
    public var expect: Expectation

    public init(name: String, seed: UInt64?, nodes: [NodeSpec], proxies: [ProxySpec], links: [String: ProxyLink],
                agents: [String: AgentSpec] = [:], placements: [String: String] = [:], lab: LabSpec? = nil,
                workload: WorkloadSpec, schedule: [ScheduleStep], checker: CheckerSpec, expect: Expectation) {
        self.name = name
        self.seed = seed
        self.nodes = nodes
        self.proxies = proxies
        self.links = links
        self.agents = agents
        self.placements = placements
        self.lab = lab
        self.workload = workload
        self.schedule = schedule
        self.checker = checker
        self.expect = expect
    }

    /// The verdict a suite expects: a safe configuration is linearizable, a known-unsafe one must
    /// be caught.
    public enum Expectation: String, CaseIterable, Sendable {
        case linearizable
        case violation
    }
}

/// The nodes a proxy stands between: traffic from `from` to `to` passes through it.
public struct ProxyLink: Hashable, Sendable {
    public var from: String?
    public var to: String?

    public init(from: String?, to: String?) {
        self.from = from
        self.to = to
    }
}

/// A Faultline server (`faultline serve`) on another machine whose control API runs some of a
/// suite's proxies, so that faults can sit next to the nodes they cut.
public struct AgentSpec: Hashable, Sendable {
    /// `http://HOST:PORT` of its control API.
    public var url: String
    /// A file holding the bearer token its API wants, if it wants one.
    public var tokenFile: String?

    public init(url: String, tokenFile: String? = nil) {
        self.url = url
        self.tokenFile = tokenFile
    }
}

/// What the clients of a suite do.
public struct WorkloadSpec: Hashable, Sendable {
    /// Who runs the clients, and how they reach the system under test.
    public enum Driver: Hashable, Sendable {
        /// Clients run by the harness over the Redis protocol, against Redis or the embedded store.
        case redis(Targets)
        /// Clients run by the harness over etcd's v3 JSON gateway; reads are linearizable
        /// unless `serializable` (then a member may answer from its own, possibly stale, state).
        case etcd(Targets, serializableReads: Bool)
        /// A user's command runs its own clients, in any language, and reports each invocation
        /// and completion to the harness (over HTTP, or as JSON lines appended to a file).
        case external(command: [String], environment: [String: String])

        /// The driver's name in suites.
        public var name: String {
            switch self {
            case .redis: "redis"
            case .etcd: "etcd"
            case .external: "external"
            }
        }

        public static let names = ["redis", "etcd", "external"]

        /// The models each driver's own clients can run (an external workload may use any).
        public static let models = [
            "redis": ["register", "cas-register", "kv", "set", "counter", "fifo-queue"],
            "etcd": ["register", "cas-register", "kv"],
        ]
    }

    /// The nodes or proxies the harness's clients send their writes and their reads to: client
    /// `i` uses entry `i` modulo the count, so a list spreads the clients.
    public struct Targets: Hashable, Sendable {
        public var writes: [String]
        public var reads: [String]

        public init(writes: [String], reads: [String]) {
            self.writes = writes
            self.reads = reads
        }
    }

    /// Each model's operations and how often the harness's clients choose each, unless the
    /// suite's `mix` says otherwise.
    public static let defaultMix: [String: [(operation: String, weight: Double)]] = [
        "register": [("read", 2), ("write", 1)],
        "cas-register": [("read", 2), ("write", 1), ("cas", 1)],
        "kv": [("get", 2), ("put", 1), ("cas", 1)],
        "set": [("add", 3), ("read", 1)],
        "counter": [("add", 3), ("read", 1)],
        "fifo-queue": [("enqueue", 1), ("dequeue", 1)],
    ]

    public var model: String
    public var driver: Driver
    public var duration: Duration
    /// The rest are for the clients the harness runs itself (the redis and etcd drivers).
    public var clients: Int
    public var keys: Int
    public var operationsPerClient: Int?
    public var pause: Duration
    /// Operations per second for all clients together; nil: each client pauses `pause` between them.
    public var rate: Double?
    public var timeout: Duration
    public var mix: [String: Double]

    public init(model: String, driver: Driver, duration: Duration, clients: Int = 5, keys: Int = 1,
                operationsPerClient: Int? = nil, pause: Duration = .milliseconds(10), rate: Double? = nil,
                timeout: Duration = .seconds(1), mix: [String: Double] = [:]) {
        self.model = model
        self.driver = driver
        self.duration = duration
        self.clients = clients
        self.keys = keys
        self.operationsPerClient = operationsPerClient
        self.pause = pause
        self.rate = rate
        self.timeout = timeout
        self.mix = mix
    }
}

/// How a suite's history is checked.
public struct CheckerSpec: Hashable, Sendable {
    public static let defaultTimeLimit = Duration.seconds(60)
    /// The models the checker has, by name.
    public static let models = ["register", "cas-register", "multi-register", "kv", "mutex", "fifo-queue",
                                "unordered-queue", "set", "counter"]

    public var model: String
    /// The model's initial value, as history text (e.g. `0`); nil for the model's own.
    public var initial: String?
    public var timeLimit: Duration

    public init(model: String, initial: String?, timeLimit: Duration) {
        self.model = model
        self.initial = initial
        self.timeLimit = timeLimit
    }
}
