import Foundation
import Testing

@Suite struct CheckCommandTests {
    static let knossos = Faultline.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/histories/knossos")

    @Test func linearizableHistoryExits0WithAOneLineVerdict() async throws {
        let result = try await Faultline.run(["check", Self.knossos.appendingPathComponent("cas-register/good/memstress3-0.edn").path,
                                        "--model", "cas-register", "--initial", "0"])
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("linearizable (cas-register): 231 operations (+86 failed), 10 processes, 1 partition"))
    }

    @Test func violationExits1AndWritesTheHTMLReport() async throws {
        let html = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: html) }
        let result = try await Faultline.run(["check", Self.knossos.appendingPathComponent("cas-register/bad/cas-failure.edn").path,
                                        "--model", "cas-register", "--initial", "0", "--html", html.path])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("cannot linearize process 70's read -> 0"))
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.contains("not-linearizable"))
    }

    @Test func jsonOutputIsMachineReadable() async throws {
        let result = try await Faultline.run(["check", Self.knossos.appendingPathComponent("cas-register/bad/rethink-fail-minimal.edn").path,
                                        "--model", "cas-register", "--initial", "0", "--json"])
        #expect(result.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        #expect(object?["verdict"] as? String == "not-linearizable")
        #expect((object?["violations"] as? [Any])?.count == 1)
    }

    @Test func badInputExits2WithALocatedMessage() async throws {
        let broken = try Faultline.temporaryFile(named: "broken.jsonl", containing: """
            {"index":0,"process":0,"type":"invoke","f":"read","value":null}
            {"index":1,"process":0,"type":"ok","f":"read","value":[1,}
            """)
        let result = try await Faultline.run(["check", broken.path, "--model", "register"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("broken.jsonl:2:58: error: expected a JSON value, found '}'"))

        let structural = try Faultline.temporaryFile(named: "twice.edn", containing: "[[0 :invoke :read nil]\n [0 :invoke :read nil]]")
        let twice = try await Faultline.run(["check", structural.path, "--model", "register"])
        #expect(twice.status == 2)
        #expect(twice.standardError.contains("twice.edn:2: error: event 1: process 0 invokes 'read' while its 'read' from event 0, line 1 is still outstanding"))

        #expect(try await Faultline.run(["check", structural.path, "--model", "nonsense"]).status == 2)
        #expect(try await Faultline.run(["check", structural.path, "--model", "register", "--initial", "{:x"]).status == 2)
        #expect(try await Faultline.run(["check", structural.path, "--model", "register", "--timeout", "soon"]).status == 2)
        #expect(try await Faultline.run(["check", "/nonexistent.edn", "--model", "register"]).status == 2)
        let wrongOperation = try Faultline.temporaryFile(named: "push.edn", containing: "[[0 :invoke :push 1] [0 :ok :push 1]]")
        let push = try await Faultline.run(["check", wrongOperation.path, "--model", "fifo-queue"])
        #expect(push.status == 2)
        #expect(push.standardError.contains("'push' is not an operation of the fifo-queue model"))
    }

    @Test func aTimeLimitExits3() async throws {
        var events = (0..<30).map { "[\($0) :invoke :write \($0)]" } + (0..<30).map { "[\($0) :info :write \($0)]" }
        for reader in 0..<30 { events += ["[\(100 + reader) :invoke :read nil]", "[\(100 + reader) :ok :read \(reader)]"] }
        events += ["[200 :invoke :read nil]", "[200 :ok :read 999]"]
        let file = try Faultline.temporaryFile(named: "crashed.edn", containing: "[" + events.joined(separator: " ") + "]")
        let result = try await Faultline.run(["check", file.path, "--model", "register", "--timeout", "300ms"])
        #expect(result.status == 3)
        #expect(result.standardOutput.hasPrefix("unknown (register)"))
        #expect(result.standardOutput.contains("unknown: time limit reached"))
    }
}
