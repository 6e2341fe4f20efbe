import BlockingSockets
import Foundation
import Synchronization
import Testing

/// `faultline serve` as users run it: a real process, real sockets, a signal to stop.
@Suite struct ServeCommandTests {
    /// The lines a running process writes to standard error, as they come.
    final class ErrorLines: Sendable {
        private let lines = Mutex<[String]>([])

        init(_ pipe: Pipe) {
            let handle = pipe.fileHandleForReading
            Thread.detachNewThread { [self] in
                var pending = Data()
                while case let chunk = handle.availableData, !chunk.isEmpty {
                    pending.append(chunk)
                    while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                        let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                        self.lines.withLock { $0.append(line) }
                        pending.removeSubrange(pending.startIndex...newline)
                    }
                }
            }
        }

        var all: [String] { lines.withLock { $0 } }

        /// The first line containing `text`, waiting up to 10 s for it.
        func waitFor(_ text: String) -> String? {
            for _ in 0..<1_000 {
                if let line = all.first(where: { $0.contains(text) }) { return line }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return nil
        }
    }

    /// `faultline serve` with `arguments`, running, and what it writes to standard error.
    static func serve(_ arguments: [String]) throws -> (Process, ErrorLines) {
        let process = Process()
        process.executableURL = Faultline.executable
        process.arguments = ["serve"] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return (process, ErrorLines(errors))
    }

    @Test func relaysRunsTheScheduleAndStopsCleanlyOnSIGTERM() throws {
        let upstream = try BlockingServer.echo()
        defer { upstream.stop() }
        let profile = try Faultline.temporaryFile(named: "serve.yaml", containing: """
            seed: 3
            proxies:
              - { name: echo, listen: 127.0.0.1:0, upstream: 127.0.0.1:\(upstream.port) }
            schedule:
              - at: 0s
                add: { proxy: echo, fault: { type: latency, name: lag, delay: 1ms } }
            """)
        let (process, log) = try Self.serve(["--profile", profile.path, "--api", "127.0.0.1:0"])
        defer { if process.isRunning { process.terminate() } }

        let proxyLine = try #require(log.waitFor("proxy echo: "))
        let address = try #require(proxyLine.split(separator: " ").first { $0.hasPrefix("127.0.0.1:") })
        let port = try #require(Int(address.split(separator: ":").last ?? ""))
        #expect(log.waitFor("add latency fault 'lag' to echo") != nil)

        let client = try BlockingSocket.connect(port: port)
        try client.send("through the proxy")
        client.shutdownOutput()
        let (bytes, end) = client.receiveAll()
        #expect(String(decoding: bytes, as: UTF8.self) == "through the proxy")
        #expect(end == .endOfStream)
        client.close()

        let apiLine = try #require(log.waitFor("control API: http://"))
        let apiPort = try #require(Int(apiLine.split(separator: ":").last ?? ""))
        let api = try BlockingSocket.connect(port: apiPort)
        try api.send("GET /proxies/echo HTTP/1.1\r\nHost: faultline\r\nConnection: close\r\n\r\n")
        let reply = String(decoding: api.receiveAll().bytes, as: UTF8.self)
        api.close()
        #expect(reply.hasPrefix("HTTP/1.1 200 OK"))
        #expect(reply.contains(#""name":"echo""#) && reply.contains(#""type":"latency""#))

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(log.waitFor("stopped") != nil)
    }

    @Test func anAddressInUseExits3() async throws {
        let occupied = try BlockingServer { $0.close() }
        defer { occupied.stop() }
        let profile = try Faultline.temporaryFile(named: "busy.yaml", containing: """
            proxies:
              - { name: busy, listen: 127.0.0.1:\(occupied.port), upstream: 127.0.0.1:1 }
            """)
        let result = try await Faultline.run(["serve", "--profile", profile.path, "--no-api"])
        #expect(result.status == 3)
        #expect(result.standardError.contains("busy") || result.standardError.contains("in use"))
    }

    @Test func anAPIBeyondLoopbackNeedsATokenOrAnExplicitNo() async throws {
        let refused = try await Faultline.run(["serve", "--api", "0.0.0.0:0"])
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("--token-file"))
    }

    @Test func ctlDrivesARunningServer() async throws {
        let (process, log) = try Self.serve(["--api", "127.0.0.1:0"])
        defer { process.terminate() }
        let apiLine = try #require(log.waitFor("control API: http://"))
        let server = try #require(apiLine.split(separator: " ").last.map(String.init))
        func ctl(_ arguments: String...) async throws -> CommandResult {
            try await Faultline.run(["ctl"] + arguments + ["--server", server])
        }
        #expect(try await ctl("create", "db", "--upstream", "127.0.0.1:5432").standardOutput.hasPrefix("created db: 127.0.0.1:"))
        #expect(try await ctl("toxic", "add", "db", "--type", "latency", "--attribute", "latency=100").status == 0)
        #expect(try await ctl("toxic", "update", "db", "latency_downstream", "--attribute", "jitter=10").status == 0)
        let listed = try await ctl("list")
        #expect(listed.standardOutput.contains("NAME") && listed.standardOutput.contains("latency_downstream"))
        #expect(try await ctl("partition", "db", "--mode", "reject").standardOutput == "partitioned db (reject, both)\n")
        #expect(try await ctl("heal").status == 0)
        #expect(try await ctl("disable", "db").status == 0)
        #expect(try await ctl("list", "--json").standardOutput.contains(#""enabled":false"#))
        #expect(try await ctl("reset").status == 0)
        let refused = try await ctl("toxic", "add", "db", "--type", "bogus")
        #expect(refused.status == 2 && refused.standardError.contains("unknown toxic type 'bogus'"))
        #expect(try await ctl("toxic", "remove", "db", "nope").status == 2)
        #expect(try await ctl("delete", "db").status == 0)
        let unreachable = try await Faultline.run(["ctl", "list", "--server", "http://127.0.0.1:1"])
        #expect(unreachable.status == 3 && unreachable.standardError.contains("cannot reach the control API"))
    }
}
