import FaultlineCore
import FaultlineLab
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A started node: its process group, its log, and the way to stop it.
public final class NodeProcess: Sendable {
    public let spec: NodeSpec
    /// Where the node's standard output and error go.
    public let logFile: String
    private let process: SpawnedProcess

    /// Why a node could not be started; the message carries the end of its log.
    public struct StartError: Error, CustomStringConvertible {
        public var node: String
        public var reason: String
        public var logTail: String

        public var description: String {
            "node \(node) \(reason)" + (logTail.isEmpty ? "" : "; the end of its log:\n\(logTail)")
        }
    }

    private init(spec: NodeSpec, logFile: String, process: SpawnedProcess) {
        self.spec = spec
        self.logFile = logFile
        self.process = process
    }

    /// Starts the node in `directory` (created if missing), inside `namespace` when it runs in a
    /// lab host, and waits until it is ready. A node that exits first, or is not ready within its
    /// start timeout, is stopped and reported with the end of its log.
    public static func start(_ spec: NodeSpec, directory: String, logFile: String,
                             namespace: NetworkNamespace? = nil) async throws -> NodeProcess {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let process: SpawnedProcess
        do {
            process = try SpawnedProcess(command: spec.command, arguments: spec.arguments, environment: spec.environment,
                                         directory: directory, logFile: logFile, namespace: namespace)
        } catch {
            throw StartError(node: spec.name, reason: "could not be started: \(error)\(Self.installHint(spec.command))", logTail: "")
        }
        let node = NodeProcess(spec: spec, logFile: logFile, process: process)
        let deadline = ContinuousClock.now + spec.startTimeout
        while true {
            if let status = process.exitStatus {
                // 127: the shell that starts the node did not find the command.
                let hint = status == 127 ? Self.installHint(spec.command) : ""
                throw StartError(node: spec.name, reason: "exited with status \(status) before it was ready\(hint)",
                                 logTail: node.logTail())
            }
            if await Readiness.holds(spec.readiness) { return node }
            guard ContinuousClock.now < deadline else {
                await node.stop()
                throw StartError(node: spec.name, reason: "was not ready within \(spec.startTimeout.profileText)",
                                 logTail: node.logTail())
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The packages that bring the servers suites commonly start, for a clearer error when one is missing.
    static let debianPackages = ["redis-server": "redis-server", "etcd": "etcd-server", "postgres": "postgresql",
                                 "python3": "python3"]

    private static func installHint(_ command: String) -> String {
        "; is \(command) installed and on PATH?" + (debianPackages[command].map { " (Debian package \($0))" } ?? "")
    }

    public var pid: Int32 { process.pid }
    public var isRunning: Bool { process.isRunning }
    public var exitStatus: Int32? { process.exitStatus }

    /// Stops the node and everything it started: its stop signal, then SIGKILL after the grace
    /// period. Returns its exit status.
    @discardableResult
    public func stop() async -> Int32? {
        process.signal(Self.number(of: spec.stopSignal))
        process.signal(SIGCONT)  // a paused node must run to act on the signal
        if await !process.waitForExit(timeout: spec.stopGrace) {
            process.signal(SIGKILL)
            _ = await process.waitForExit(timeout: .seconds(5))
        }
        process.signal(SIGKILL)  // anything of the group still alive, e.g. a child that ignored the signal
        return process.exitStatus
    }

    /// Kills the node's whole process group at once, as a crash would, and waits for it to end.
    public func kill() async {
        process.signal(SIGKILL)
        _ = await process.waitForExit(timeout: .seconds(5))
    }

    /// Pauses (SIGSTOP) or resumes (SIGCONT) the node's whole process group.
    public func pause() { process.signal(SIGSTOP) }
    public func resume() { process.signal(SIGCONT) }

    /// The last `lines` lines of the node's log.
    public func logTail(lines: Int = 20) -> String {
        guard let text = try? String(contentsOfFile: logFile, encoding: .utf8) else { return "" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines + 1).joined(separator: "\n")
            .trimmingCharacters(in: .newlines)
    }

    private static func number(of signal: NodeSpec.StopSignal) -> Int32 {
        switch signal {
        case .term: SIGTERM
        case .int: SIGINT
        case .quit: SIGQUIT
        case .kill: SIGKILL
        }
    }
}
