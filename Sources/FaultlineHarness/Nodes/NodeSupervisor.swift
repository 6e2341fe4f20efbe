import FaultlineCore
import FaultlineLab

/// A suite's nodes while it runs: started in order, killed, started again, restarted, paused
/// and resumed by nemeses, and stopped in reverse order at the end, whatever state they are in.
public actor NodeSupervisor {
    /// An operation on a node the suite does not have.
    public struct UnknownNode: Error, CustomStringConvertible {
        public var name: String
        public var description: String { "no node named '\(name)'" }
    }

    private let directory: String
    private let lab: Lab?
    private let log: @Sendable (String) -> Void
    private var nodes: [(spec: NodeSpec, process: NodeProcess)] = []

    /// Nodes run in `directory/NAME`, logging to `directory/NAME.log`; a node that names a host
    /// runs in that host of `lab`.
    public init(directory: String, lab: Lab? = nil, log: @escaping @Sendable (String) -> Void) {
        self.directory = directory
        self.lab = lab
        self.log = log
    }

    /// The nodes started so far, in the order they were.
    public var names: [String] { nodes.map(\.spec.name) }

    /// The process a node runs as now (a new one after each start).
    public func process(of name: String) -> NodeProcess? {
        nodes.first { $0.spec.name == name }?.process
    }

    /// Starts a node for the first time and waits until it is ready.
    public func start(_ spec: NodeSpec) async throws {
        log("starting node \(spec.name)")
        nodes.append((spec, try await launch(spec)))
    }

    public func perform(_ operation: NodeOperation, on name: String) async throws {
        guard let index = nodes.firstIndex(where: { $0.spec.name == name }) else { throw UnknownNode(name: name) }
        let (spec, process) = nodes[index]
        switch operation {
        case .kill: await process.kill()
        case .pause: process.pause()
        case .resume: process.resume()
        case .start:
            guard !process.isRunning else { return }
            nodes[index].process = try await launch(spec)
        case .restart:
            await process.stop()
            nodes[index].process = try await launch(spec)
        }
    }

    /// Stops every node, the last started first.
    public func stopAll() async {
        for (spec, process) in nodes.reversed() {
            log("stopping node \(spec.name)")
            await process.stop()
        }
    }

    private func launch(_ spec: NodeSpec) async throws -> NodeProcess {
        let home = directory + "/" + spec.name
        let namespace = spec.host.flatMap { host in lab?.namespace(of: host) }
        return try await NodeProcess.start(spec, directory: home, logFile: home + ".log", namespace: namespace)
    }
}
