import FaultlineChecker
import FaultlineCore
import FaultlineHistory
import FaultlineLab
import FaultlineProfiles
import FaultlineProxy
import Foundation
import Synchronization

/// Runs a suite: starts its proxies and nodes, runs its clients and its schedule together, stops
/// everything in reverse order (also when cancelled or when something fails), checks the
/// history, and writes history.jsonl, schedule.log, the node logs, result.json, junit.xml and
/// report.html into the output directory.
public struct SuiteRunner: Sendable {
    /// Why a run could not be carried out (as opposed to a verdict).
    public struct RunError: Error, CustomStringConvertible {
        public var description: String
    }

    public let file: String
    public let directory: String
    /// What the command `faultline` in a suite's nodes means: this very executable.
    public let faultline: String
    public let seed: UInt64?
    /// Replaces the workload's duration, e.g. for a quick run of a long suite.
    public let duration: Duration?
    public let log: @Sendable (String) -> Void
    /// Hears twice a second, while the clients run, how far the run has got.
    public let progress: (@Sendable (Progress) -> Void)?

    /// How far a run has got: for a live progress line.
    public struct Progress: Sendable {
        public var elapsed: Duration
        public var ok: Int
        public var failed: Int
        public var unknown: Int
        /// The fault step in force, if the last one was not undone.
        public var fault: String?

        public var description: String {
            let seconds = String(format: "%.1f", elapsed.seconds)
            return "\(seconds)s  ok \(ok)  fail \(failed)  info \(unknown)  fault: \(fault ?? "none")"
        }
    }

    public init(file: String, directory: String, faultline: String, seed: UInt64? = nil, duration: Duration? = nil,
                log: @escaping @Sendable (String) -> Void, progress: (@Sendable (Progress) -> Void)? = nil) {
        self.file = file
        self.directory = directory
        self.faultline = faultline
        self.seed = seed
        self.duration = duration
        self.log = log
        self.progress = progress
    }

    /// The suite file's directory: where an external workload runs, and agents' token files are found.
    private var suiteDirectory: String { URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent().path }

    /// Reads the suite with free ports for its placeholders. Bad suites throw DiagnosticList.
    public func load() throws -> Suite {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        var taken: Set<UInt16> = []
        return try Suite(text: text, file: file) { _ in Self.freePort(avoiding: &taken) }
    }

    public func run() async throws -> SuiteOutcome {
        var suite = try load()
        if let duration { suite.workload.duration = duration }
        let started = ContinuousClock.now
        let seed = seed ?? suite.seed ?? UInt64.random(in: 0...UInt64.max)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Nodes start empty: a database would otherwise recover an earlier run's state (and peers).
        try? FileManager.default.removeItem(atPath: directory + "/nodes")
        log("suite \(suite.name): seed \(seed), output in \(directory)")

        let proxies = try SuiteProxies(suite: suite, local: ProxyRegistry(seed: seed, log: log), directory: suiteDirectory)
        let lab = suite.lab.map(Lab.init)
        let nodes = NodeSupervisor(directory: directory + "/nodes", lab: lab, log: log)
        let recorder = try HistoryRecorder(workers: suite.workload.clients, streamingTo: directory + "/history.jsonl")
        let scheduleLog = ScheduleLog(path: directory + "/schedule.log")
        do {
            if let lab {
                let leftovers = try await lab.up()
                if !leftovers.isEmpty { log("lab \(lab.spec.name): removed what an earlier run left: \(leftovers.joined(separator: ", "))") }
                log("lab \(lab.spec.name) up: " + lab.spec.hosts.map { "\($0.name) \($0.address)" }.joined(separator: ", "))
            }
            try await proxies.create(suite.proxies)
            for spec in suite.nodes {
                var node = spec
                if node.command == "faultline" { node.command = faultline }
                try await nodes.start(node)
            }
            let actuator = SuiteActuator(control: proxies, nodes: nodes, names: suite.nodes.map(\.name), links: suite.links,
                                         lab: lab, hosts: suite.nodes.hostsByNode, seed: seed)
            try await runClientsAndSchedule(suite, seed: seed, actuator: actuator, recorder: recorder, scheduleLog: scheduleLog)
        } catch {
            await stop(nodes, proxies: proxies, lab: lab)
            throw error
        }
        await stop(nodes, proxies: proxies, lab: lab)

        let history = await recorder.history
        let paired = try history.paired()
        let checker = Checker(options: Checker.Options(timeout: suite.checker.timeLimit))
        let initial = try suite.checker.initial.map { try HistoryValue(literal: $0) }
        let report = try await ModelCatalog.check(paired, model: suite.checker.model, initial: initial, checker: checker)
        let completed = await recorder.completed
        let outcome = SuiteOutcome(
            suite: suite.name, seed: seed, expected: suite.expect, verdict: report.verdict,
            invoked: history.events.filter { $0.type == .invoke }.count, ok: completed[.ok, default: 0],
            failed: completed[.fail, default: 0], unknown: completed[.info, default: 0],
            scheduleSteps: scheduleLog.lines.count, directory: directory, seconds: (ContinuousClock.now - started).seconds)
        try SuiteReports.resultJSON(outcome).write(toFile: directory + "/result.json", atomically: true, encoding: .utf8)
        try SuiteReports.junitXML(outcome).write(toFile: directory + "/junit.xml", atomically: true, encoding: .utf8)
        try HTMLReport.render(report, history: paired, title: "\(suite.name): \(report.verdict.rawValue)")
            .write(toFile: directory + "/report.html", atomically: true, encoding: .utf8)
        try (TextReport.render(report) + "\n").write(toFile: directory + "/verdict.txt", atomically: true, encoding: .utf8)
        return outcome
    }

    /// The clients for the workload's duration, with the schedule running beside them until they finish.
    private func runClientsAndSchedule(_ suite: Suite, seed: UInt64, actuator: SuiteActuator, recorder: HistoryRecorder,
                                       scheduleLog: ScheduleLog) async throws {
        let log = log
        let schedule = Task {
            await ScheduleRunner(steps: suite.schedule, actuator: actuator, clock: ContinuousClock()) { event in
                let f: String
                switch event.outcome {
                case .upcoming, .upcomingUndo: return
                case .performed: f = Self.nemesisEventName(of: suite.schedule[event.step].action)
                case .undone: f = "stop"
                case .failed: f = "failed"
                }
                scheduleLog.append(event, f: f)
                log(event.description)
                try? await recorder.note(process: "nemesis", f: f, value: .string(event.action))
            }.run()
        }
        let ticker = Task { [progress] in
            guard let progress else { return }
            let start = ContinuousClock.now
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                let completed = await recorder.completed
                progress(Progress(elapsed: ContinuousClock.now - start, ok: completed[.ok, default: 0],
                                  failed: completed[.fail, default: 0], unknown: completed[.info, default: 0],
                                  fault: scheduleLog.faultInForce))
            }
        }
        let clients = Task { try await runClients(suite, seed: seed, recorder: recorder) }
        let outcome = await withTaskCancellationHandler {
            await clients.result
        } onCancel: {
            clients.cancel()
            schedule.cancel()
        }
        ticker.cancel()
        schedule.cancel()
        await schedule.value
        try Task.checkCancellation()
        try outcome.get()
    }

    /// The workload's clients: the harness's own over a driver, or the user's command.
    private func runClients(_ suite: Suite, seed: UInt64, recorder: HistoryRecorder) async throws {
        let spec = suite.workload
        switch spec.driver {
        case .redis(let targets), .etcd(let targets, _):
            let writes = try targets.writes.map { try address(of: $0, in: suite) }
            let reads = try targets.reads.map { try address(of: $0, in: suite) }
            let settings = ClientSettings(model: spec.model, writes: writes, reads: reads, timeout: spec.timeout,
                                          absent: try suite.checker.initial.map { try HistoryValue(literal: $0) } ?? .null)
            let factory: any DriverFactory = if case .etcd(_, let serializable) = spec.driver {
                EtcdDriver.Factory(settings, serializableReads: serializable)
            } else {
                RedisDriver.Factory(settings)
            }
            let workload = ClientWorkload(model: spec.model, mix: spec.mix, clients: spec.clients, keys: spec.keys,
                                          duration: spec.duration, operationsPerClient: spec.operationsPerClient,
                                          pause: spec.pause, rate: spec.rate, seed: seed)
            await workload.run(with: factory, recorder: recorder)
        case .external(var command, let environment):
            if command.first == "faultline" { command[0] = faultline }
            try await ExternalWorkload(command: command, environment: environment, duration: spec.duration, seed: seed,
                                       directory: suiteDirectory, output: directory, log: log).run(recorder: recorder)
        }
    }

    /// The history's name for a step carried out, as Jepsen's nemesis events go: `start` begins
    /// a fault, `stop` ends one, `restart` is over at once; reports shade from start to stop.
    static func nemesisEventName(of action: ScheduleAction) -> String {
        switch action {
        case .heal, .enable, .removeFault, .nemesis(.signal(.start, _)), .nemesis(.signal(.resume, _)), .nemesis(.heal): "stop"
        case .lab(let action) where action.inverse == nil: "stop"
        case .nemesis(.signal(.restart, _)): "restart"
        default: "start"
        }
    }

    /// Where clients reach a node or proxy of the suite.
    private func address(of target: String, in suite: Suite) throws -> Endpoint {
        if let proxy = suite.proxies.first(where: { $0.name == target }) { return proxy.listen }
        guard let node = suite.nodes.first(where: { $0.name == target }) else {
            throw RunError(description: "no node or proxy named '\(target)'")
        }
        switch node.readiness {
        case .tcpPort(let endpoint), .http(let endpoint, _, _): return endpoint
        case .immediately, .command:
            throw RunError(description: "clients reach node '\(target)' at its tcp or http readiness address; it has neither")
        }
    }

    private func stop(_ nodes: NodeSupervisor, proxies: SuiteProxies, lab: Lab?) async {
        await nodes.stopAll()
        await proxies.shutdown(log: log)
        guard let lab else { return }
        do {
            try await lab.down()
            log("lab \(lab.spec.name) down")
        } catch {
            log("lab \(lab.spec.name) could not be brought down: \(error); `faultline lab down` removes what is left")
        }
    }

    /// A free port on 127.0.0.1 (bound and released), not one already handed out.
    static func freePort(avoiding taken: inout Set<UInt16>) -> UInt16 {
        for _ in 0..<100 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
            }
            let port = UInt16(bigEndian: address.sin_port)
            if bound, taken.insert(port).inserted { return port }
        }
        return 0
    }
}

/// schedule.log: each fault step as it happened, with its time from the start of the run.
final class ScheduleLog: Sendable {
    private let path: String
    private let written = Mutex<[String]>([])
    private let inForce = Mutex<String?>(nil)

    /// The last step carried out, unless it has been undone since.
    var faultInForce: String? { inForce.withLock { $0 } }

    init(path: String) {
        self.path = path
        _ = FileManager.default.createFile(atPath: path, contents: nil)
    }

    var lines: [String] { written.withLock { $0 } }

    /// Adds `event`; `f` says whether it begins (`start`) or ends (`stop`) a fault.
    func append(_ event: ScheduleEvent, f: String) {
        inForce.withLock { fault in
            if f == "start" { fault = event.action } else if f == "stop" { fault = nil }
        }
        let line = event.description
        written.withLock { lines in
            lines.append(line)
            if let handle = FileHandle(forWritingAtPath: path) {
                handle.seekToEndOfFile()
                handle.write(Data((line + "\n").utf8))
                handle.closeFile()
            }
        }
    }
}
