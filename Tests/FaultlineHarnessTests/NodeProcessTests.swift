import BlockingSockets
import FaultlineCore
import Foundation
import Testing
@testable import FaultlineHarness

/// Real processes: started, checked for readiness, stopped with nothing left behind.
@Suite(.serialized) struct NodeProcessTests {
    /// A fresh directory for one test's node.
    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("faultline-node-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The built `faultline` executable, whose embedded store is a real server to supervise.
    static let faultline: String = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("faultline").path), directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("faultline").path
    }()

    /// A port no other test can take meanwhile (below the ephemeral range).
    static func freePort() throws -> UInt16 {
        UInt16(try freePortBelowEphemeralRange())
    }

    /// Whether `pid` is a live process (a zombie waiting for a reaper that this container may
    /// lack is dead).
    static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0, let state = state(of: pid) else { return false }
        return state != "Z"
    }

    /// A process's state letter in /proc (S sleeping, T stopped, Z zombie), nil if it is gone.
    static func state(of pid: Int32) -> Character? {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).first
    }

    @Test func aServerIsReadyWhenItsPortOpensAndStopsOnTERM() async throws {
        let port = try Self.freePort()
        let endpoint = try Endpoint(parsing: "127.0.0.1:\(port)")
        let directory = try Self.directory()
        let spec = NodeSpec(name: "primary", command: Self.faultline, arguments: ["store", "--listen", endpoint.description],
                            readiness: .tcpPort(endpoint))
        let node = try await NodeProcess.start(spec, directory: directory, logFile: directory + "/primary.log")
        #expect(node.isRunning)
        #expect(await node.stop() == 0, "the store exits 0 on SIGTERM")
        #expect(!node.isRunning)
        #expect(node.logTail().contains("listening on 127.0.0.1:\(port)"))
        #expect(await Readiness.holds(.tcpPort(endpoint)) == false, "nothing listens after the stop")
    }

    @Test func aNodeThatExitsBeforeItIsReadyIsReportedWithItsLog() async throws {
        let directory = try Self.directory()
        let spec = NodeSpec(name: "broken", command: "/bin/sh", arguments: ["-c", "echo 'fatal: bad config at line 3' >&2; exit 7"],
                            readiness: .tcpPort(try Endpoint(parsing: "127.0.0.1:\(try Self.freePort())")))
        await #expect {
            try await NodeProcess.start(spec, directory: directory, logFile: directory + "/broken.log")
        } throws: { error in
            let message = "\(error)"
            return message.contains("node broken exited with status 7") && message.contains("fatal: bad config at line 3")
        }
    }

    @Test func aNodeThatIsNeverReadyTimesOutAndIsStopped() async throws {
        let directory = try Self.directory()
        let marker = directory + "/still-running"
        let spec = NodeSpec(name: "slow", command: "/bin/sh", arguments: ["-c", "echo starting; touch \(marker); sleep 30"],
                            readiness: .command(["/bin/sh", "-c", "exit 1"]), startTimeout: .milliseconds(300))
        await #expect {
            try await NodeProcess.start(spec, directory: directory, logFile: directory + "/slow.log")
        } throws: { error in
            "\(error)".contains("node slow was not ready within 300ms") && "\(error)".contains("starting")
        }
    }

    @Test func aNodeIgnoringItsStopSignalIsKilledWithEverythingItStarted() async throws {
        let directory = try Self.directory()
        // The shell ignores TERM and starts a child that would outlive it if only the shell were signalled.
        let spec = NodeSpec(name: "stubborn", command: "/bin/sh",
                            arguments: ["-c", "trap '' TERM; sleep 60 & echo $! > child.pid; wait"],
                            readiness: .command(["/bin/sh", "-c", "test -s \(directory)/child.pid"]), stopGrace: .milliseconds(200))
        let node = try await NodeProcess.start(spec, directory: directory, logFile: directory + "/stubborn.log")
        let child = try #require(Int32(try String(contentsOfFile: directory + "/child.pid", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(await node.stop() == 128 + SIGKILL)
        try await Task.sleep(for: .milliseconds(100))
        #expect(!Self.isAlive(child), "the child of the node is gone too")
    }

    @Test func readinessCanBeACommandOrAnHTTPStatus() async throws {
        #expect(await Readiness.holds(.command(["/bin/sh", "-c", "exit 0"])))
        #expect(await !Readiness.holds(.command(["/bin/sh", "-c", "exit 3"])))
        #expect(await !Readiness.holds(.command(["/no/such/program"])))
        #expect(await !Readiness.holds(.http(endpoint: try Endpoint(parsing: "127.0.0.1:\(try Self.freePort())"), path: "/", status: 200)))
        let api = try Endpoint(parsing: "127.0.0.1:\(try Self.freePort())")
        let directory = try Self.directory()
        let spec = NodeSpec(name: "api", command: Self.faultline, arguments: ["serve", "--api", api.description],
                            readiness: .http(endpoint: api, path: "/version", status: 200))
        let node = try await NodeProcess.start(spec, directory: directory, logFile: directory + "/api.log")
        #expect(await !Readiness.holds(.http(endpoint: api, path: "/nothing-here", status: 200)), "404 is not 200")
        #expect(await node.stop() == 0)
    }

    /// etcd's /health, before a leader is elected, accepts and does not answer: each check gives
    /// up, and the start times out, instead of waiting for an answer forever.
    @Test func anHTTPServerThatNeverAnswersIsNotReady() async throws {
        let silent = try BlockingServer { socket in _ = socket.receiveAll() }
        defer { silent.stop() }
        let endpoint = try Endpoint(parsing: "127.0.0.1:\(silent.port)")
        let directory = try Self.directory()
        let spec = NodeSpec(name: "mute", command: "/bin/sh", arguments: ["-c", "sleep 30"],
                            readiness: .http(endpoint: endpoint, path: "/health", status: 200), startTimeout: .seconds(1))
        await #expect {
            try await NodeProcess.start(spec, directory: directory, logFile: directory + "/mute.log")
        } throws: { error in
            "\(error)".contains("node mute was not ready within 1s")
        }
    }
}
