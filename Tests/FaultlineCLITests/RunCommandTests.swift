import BlockingSockets
import Foundation
import Testing

/// `faultline run` end to end on the demo suites: verdicts, complete histories, the schedule
/// log, and nothing left running afterwards.
@Suite(.serialized) struct RunCommandTests {
    static func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("faultline-run-\(UUID().uuidString)").path
    }

    /// The ports the suite's nodes said they listened on.
    static func nodePorts(in directory: String) throws -> [Int] {
        let logs = try FileManager.default.contentsOfDirectory(atPath: directory + "/nodes").filter { $0.hasSuffix(".log") }
        return try logs.compactMap { log in
            let text = try String(contentsOfFile: directory + "/nodes/" + log, encoding: .utf8)
            return text.components(separatedBy: "listening on 127.0.0.1:").dropFirst().first
                .flatMap { Int($0.prefix { $0.isNumber }) }
        }
    }

    @Test(arguments: [("primary-reads", "linearizable"), ("replica-reads", "not-linearizable")])
    func theDemoSuitesGetTheirExpectedVerdicts(suite: String, verdict: String) async throws {
        let out = Self.directory()
        let result = try await Faultline.run(["run", "profiles/suites/\(suite).yaml", "--out", out])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("\(suite): \(verdict)"))

        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/result.json"))) as? [String: Any]
        #expect(summary?["as_expected"] as? Bool == true)
        let invoked = summary?["invoked"] as? Int ?? 0
        let ended = (summary?["ok"] as? Int ?? 0) + (summary?["fail"] as? Int ?? 0) + (summary?["info"] as? Int ?? 0)
        #expect(invoked > 100 && ended == invoked, "every invoke has its completion")
        let history = try String(contentsOfFile: out + "/history.jsonl", encoding: .utf8).split(separator: "\n")
        let nemesis = history.filter { $0.contains(#""process":"nemesis""#) }
        #expect(history.count - nemesis.count == invoked * 2)

        let schedule = try String(contentsOfFile: out + "/schedule.log", encoding: .utf8).split(separator: "\n")
        #expect(nemesis.count == schedule.count, "each fault step is in the history too, for the report's fault windows")
        #expect(schedule.first == "0.000s step 1: partition replication (drop, both)")
        #expect(schedule.contains("1.000s step 1: end of window: heal replication"))
        #expect(try String(contentsOfFile: out + "/junit.xml", encoding: .utf8).contains(#"failures="0""#))
        #expect(try String(contentsOfFile: out + "/report.html", encoding: .utf8).contains("<canvas"))

        let ports = try Self.nodePorts(in: out)
        #expect(ports.count == 2)
        for port in ports {
            #expect(throws: (any Error).self, "nothing listens on the node's port \(port) any more") {
                try BlockingSocket.connect(port: port)
            }
        }
    }

    /// The suites whose faults are nemeses: a crash, a pause, a one-way partition.
    @Test(arguments: [("crashed-primary", "not-linearizable", "1.000s step 1: kill primary"),
                      ("paused-primary", "linearizable", "0.000s step 1: pause primary"),
                      ("one-way-replication", "not-linearizable",
                       "0.000s step 1: partition-one-way: primary -> replica (drop: replication downstream)")])
    func theNemesisSuitesGetTheirExpectedVerdicts(suite: String, verdict: String, firstStep: String) async throws {
        let out = Self.directory()
        let result = try await Faultline.run(["run", "profiles/suites/\(suite).yaml", "--out", out])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("\(suite): \(verdict)"))
        let schedule = try String(contentsOfFile: out + "/schedule.log", encoding: .utf8).split(separator: "\n")
        #expect(schedule.first.map(String.init) == firstStep)
        #expect(schedule.count >= 4 && schedule.allSatisfy { !$0.contains("failed") }, "\(schedule)")
        for port in try Self.nodePorts(in: out) {
            #expect(throws: (any Error).self, "node port \(port) is closed") { try BlockingSocket.connect(port: port) }
        }
    }

    /// A suite whose external workload (the example Python client) records in `mode`.
    static func externalSuite(recording mode: String) throws -> URL {
        let shipped = try String(contentsOf: Faultline.repositoryRoot.appendingPathComponent("profiles/suites/external-register.yaml"),
                                 encoding: .utf8)
        let client = Faultline.repositoryRoot.appendingPathComponent("profiles/suites/clients/register_client.py").path
        let text = shipped.replacingOccurrences(of: "clients/register_client.py", with: client)
            .replacingOccurrences(of: "--record, http", with: "--record, \(mode)")
            .replacingOccurrences(of: "duration: 4s", with: "duration: 2500ms")
        return try Faultline.temporaryFile(named: "external-\(mode).yaml", containing: text)
    }

    @Test(arguments: ["http", "file"])
    func anExternalWorkloadRecordsItsOwnOperations(mode: String) async throws {
        let out = Self.directory()
        let result = try await Faultline.run(["run", try Self.externalSuite(recording: mode).path, "--out", out])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains(": linearizable (expected linearizable)"))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/result.json"))) as? [String: Any]
        let invoked = summary?["invoked"] as? Int ?? 0
        let ended = (summary?["ok"] as? Int ?? 0) + (summary?["fail"] as? Int ?? 0) + (summary?["info"] as? Int ?? 0)
        #expect(invoked > 50 && ended == invoked, "every operation the client began, it ended")
        let events = try String(contentsOfFile: out + "/workload-events.jsonl", encoding: .utf8).split(separator: "\n").count
        #expect(events == (mode == "file" ? invoked * 2 : 0))
    }

    /// A workload that appends `lines` to its events file and exits with `status`.
    static func shellWorkload(_ lines: [String], status: Int = 0) throws -> URL {
        let script = (lines.map { "echo '\($0)' >> \"$FAULTLINE_HISTORY\"" } + ["echo done >&2", "exit \(status)"])
            .joined(separator: "; ")
        return try Faultline.temporaryFile(named: "shell-workload.yaml", containing: """
            nodes: [{ name: db, command: sleep, args: ["30"] }]
            proxies: []
            workload: { driver: external, model: register, command: [sh, -c, "\(script.replacingOccurrences(of: "\"", with: "\\\""))"], duration: 1s }
            expect: linearizable
            """)
    }

    @Test func badEventsFromAnExternalWorkloadEndTheRunNamingThemAndKeepTheRest() async throws {
        let out = Self.directory()
        let suite = try Self.shellWorkload([#"{"process": 0, "type": "invoke", "f": "write", "value": 1}"#,
                                            #"{"process": 0, "type": "ok", "f": "write", "value": 1}"#,
                                            #"{"process": 0, "type": "ok", "f": "write", "value": 1"#])
        let result = try await Faultline.run(["run", suite.path, "--out", out])
        #expect(result.status == 3)
        #expect(result.standardError.contains("the workload reported 1 event(s) that could not be recorded"), "\(result.standardError)")
        #expect(result.standardError.contains("workload-events.jsonl:3:"))
        let history = try String(contentsOfFile: out + "/history.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(history.count == 2, "the good events are kept")
    }

    @Test func aFailingExternalWorkloadEndsTheRunWithItsLog() async throws {
        let result = try await Faultline.run(["run", try Self.shellWorkload([], status: 7).path, "--out", Self.directory()])
        #expect(result.status == 3)
        #expect(result.standardError.contains("the workload command exited with status 7; the end of its log:\ndone"),
                "\(result.standardError)")
    }

    @Test func anInterruptStopsEverythingAndKeepsTheHistorySoFar() throws {
        let out = Self.directory()
        let process = Process()
        process.executableURL = Faultline.executable
        process.arguments = ["run", "profiles/suites/replica-reads.yaml", "--out", out]
        process.currentDirectoryURL = Faultline.repositoryRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var recorded = 0
        for _ in 0..<1_000 where recorded < 20 {
            Thread.sleep(forTimeInterval: 0.01)
            recorded = ((try? String(contentsOfFile: out + "/history.jsonl", encoding: .utf8)) ?? "").split(separator: "\n").count
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 3)
        let lines = try String(contentsOfFile: out + "/history.jsonl", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count > 20 && lines.last == "", "whole lines only")
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix("{") && $0.hasSuffix("}") })
        for port in try Self.nodePorts(in: out) {
            #expect(throws: (any Error).self, "node port \(port) is closed") { try BlockingSocket.connect(port: port) }
        }
    }

    @Test func repeatedRunsCountTheSeedUpAndEachHasItsDirectory() async throws {
        let out = Self.directory()
        let result = try await Faultline.run(["run", "profiles/suites/primary-reads.yaml", "--repeat", "2", "--duration", "500ms", "--out", out])
        #expect(result.status == 0, "\(result.standardError)")
        for (run, seed) in [(1, 1), (2, 2)] {
            let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/run-\(run)/result.json")))
            #expect((summary as? [String: Any])?["seed"] as? Int == seed)
        }
        #expect(try await Faultline.run(["run", "profiles/suites/primary-reads.yaml", "--duration", "soon"]).status == 2)
    }

    @Test func aNodeThatCannotStartEndsTheRunWithItsLog() async throws {
        let suite = try Faultline.temporaryFile(named: "broken.yaml", containing: """
            nodes:
              - name: db
                command: /bin/sh
                args: [-c, "echo 'cannot open data directory' >&2; exit 4"]
                ready: { tcp: "127.0.0.1:{port}" }
            proxies: []
            workload: { model: cas-register, writes: db, duration: 1s }
            expect: linearizable
            """)
        let result = try await Faultline.run(["run", suite.path, "--out", Self.directory()])
        #expect(result.status == 3)
        #expect(result.standardError.contains("node db exited with status 4 before it was ready"))
        #expect(result.standardError.contains("cannot open data directory"))
    }

    @Test func aMissingServerIsNamedWithItsPackage() async throws {
        let suite = try Faultline.temporaryFile(named: "missing.yaml", containing: """
            nodes: [{ name: db, command: etcd-not-installed-here, ready: { tcp: "127.0.0.1:{port}" } }]
            proxies: []
            workload: { model: register, writes: db, duration: 1s }
            expect: linearizable
            """)
        let result = try await Faultline.run(["run", suite.path, "--out", Self.directory()])
        #expect(result.status == 3)
        #expect(result.standardError.contains("node db exited with status 127 before it was ready; is etcd-not-installed-here installed and on PATH?"))
    }

    /// The real databases, each suite twice with different seeds: Redis (one node; a primary
    /// with a replica; set, counter and queue) and a 3-member etcd cluster (linearizable and
    /// serializable reads). scripts/test installs redis-server and etcd-server.
    @Test(arguments: [("redis-single", "linearizable"), ("redis-replica", "not-linearizable"), ("redis-set", "linearizable"),
                      ("redis-counter", "linearizable"), ("redis-queue", "linearizable"),
                      ("etcd-linearizable", "linearizable"), ("etcd-serializable", "not-linearizable")])
    func realDatabaseSuitesGetTheirExpectedVerdictsWithTwoSeeds(suite: String, verdict: String) async throws {
        try await Self.runTwiceExpecting(verdict, suite: suite)
    }

    /// Runs a shipped suite twice (its seed and the next) and expects `verdict` both times, no
    /// node left running, and no node log showing a crash.
    static func runTwiceExpecting(_ verdict: String, suite: String) async throws {
        let out = directory()
        let result = try await Faultline.run(["run", "profiles/suites/\(suite).yaml", "--repeat", "2", "--out", out])
        #expect(result.status == 0, "\(result.standardOutput)\n\(result.standardError.suffix(3_000))")
        let verdicts = result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("\(suite): ") }
        #expect(verdicts.count == 2 && verdicts.allSatisfy { $0.hasPrefix("\(suite): \(verdict) (expected") }, "\(verdicts)")
        #expect(processes(workingIn: out).isEmpty, "no node process is left")
        for run in 1...2 {
            let logs = try FileManager.default.contentsOfDirectory(atPath: "\(out)/run-\(run)/nodes").filter { $0.hasSuffix(".log") }
            for log in logs {
                let text = try String(contentsOfFile: "\(out)/run-\(run)/nodes/\(log)", encoding: .utf8)
                #expect(!text.contains("panic:"), "\(log) of run \(run): a node crashed (garbled traffic?)")
            }
        }
    }

    /// The live processes whose working directory is under `directory` (each node runs in one
    /// of its own there); zombies, which this container may never reap, do not count.
    static func processes(workingIn directory: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd"),
                  cwd.hasPrefix(directory) else { return false }
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            return !(stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? true)
        }
    }

    @Test func aBadSuiteExits2WithLocatedProblems() async throws {
        let suite = try Faultline.temporaryFile(named: "bad.yaml", containing: """
            nodes: []
            proxies: []
            workload: { model: cas-register, writes: nowhere, duration: 1s }
            expect: linearizable
            """)
        let result = try await Faultline.run(["run", suite.path])
        #expect(result.status == 2)
        #expect(result.standardError.contains("bad.yaml:3:42: error: workload.writes"))
    }
}
