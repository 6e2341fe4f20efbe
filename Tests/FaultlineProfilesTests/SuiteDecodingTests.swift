import FaultlineCore
import FaultlineProfiles
import Foundation
import Testing

@Suite struct SuiteDecodingTests {
    static let suites: [String] = {
        let directory = repositoryRoot + "/profiles/suites"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory + "/" + $0 }
    }()

    @Test(arguments: suites)
    func shippedSuitesValidate(file: String) throws {
        let suite = try Suite(text: try String(contentsOfFile: file, encoding: .utf8), file: file)
        #expect(!suite.nodes.isEmpty)
        #expect(Suite.isSuite(try String(contentsOfFile: file, encoding: .utf8), file: file))
    }

    @Test func placeholdersTakeThePortsGiven() throws {
        let file = repositoryRoot + "/profiles/suites/replica-reads.yaml"
        let ports: [String: UInt16] = ["node.primary": 41001, "node.replica": 41002, "proxy.replication": 41003]
        let suite = try Suite(text: try String(contentsOfFile: file, encoding: .utf8), file: file) { ports[$0] ?? 0 }
        #expect(suite.nodes.map(\.arguments) == [
            ["store", "--listen", "127.0.0.1:41001"],
            ["store", "--listen", "127.0.0.1:41002", "--replica-of", "127.0.0.1:41003"],
        ])
        #expect(suite.nodes.first?.readiness == .tcpPort(try Endpoint(parsing: "127.0.0.1:41001")))
        #expect(suite.proxies.first?.listen == (try Endpoint(parsing: "127.0.0.1:41003")))
        #expect(suite.proxies.first?.upstream == (try Endpoint(parsing: "127.0.0.1:41001")))
        #expect(suite.links["replication"] == ProxyLink(from: "replica", to: "primary"))
        #expect(suite.workload.writes == "primary" && suite.workload.reads == "replica")
        #expect(suite.checker == CheckerSpec(model: "cas-register", initial: "0", timeLimit: CheckerSpec.defaultTimeLimit))
        #expect(suite.expect == .violation)
        #expect(suite.name == "replica-reads")
    }

    @Test func everyProblemIsLocated() {
        let yaml = """
            nodes:
              - name: db
                command: faultline
                args: [store, --listen, "127.0.0.1:{prot}"]
                ready: { tcp: "127.0.0.1:{port}", command: [true] }
            proxies:
              - name: link
                listen: "127.0.0.1:{port}"
                upstream: "{node.db.address}"
                from: nowhere
            workload:
              model: kv
              writes: dbb
              duration: 5s
            expect: maybe
            """
        let messages: [String]
        do {
            _ = try Suite(text: yaml, file: "bad.yaml")
            messages = []
        } catch {
            messages = error.diagnostics.map(\.description)
        }
        let expected = [
            "bad.yaml:4:29: error: nodes[0].args[2]: unknown placeholder {prot}",
            "bad.yaml:5:12: error: nodes[0].ready: a readiness check has exactly one of tcp, http or command",
            "bad.yaml:12:10: error: workload.model:",
            "bad.yaml:13:11: error: workload.writes:",
            "bad.yaml:15:9: error: expect:",
            "bad.yaml:10:11: error: proxies[0].from: proxy 'link' links node 'nowhere', which is not defined",
        ]
        for fragment in expected {
            #expect(messages.contains { $0.contains(fragment) }, "\(fragment) in \(messages)")
        }
        #expect(messages.contains { $0.contains("did you mean '{port}'?") })
        #expect(messages.contains { $0.contains("did you mean 'db'?") })
    }
}
