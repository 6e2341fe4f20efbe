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
        #expect(suite.workload.driver == .redis(WorkloadSpec.Targets(writes: ["primary"], reads: ["replica"])))
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
              model: mutex
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

    /// Three store nodes, each reaching each other through a proxy, and `schedule` (YAML list items).
    static func mesh(schedule: String) -> String {
        var yaml = "nodes:\n"
        for node in ["a", "b", "c"] {
            yaml += "  - { name: \(node), command: faultline, args: [store, --listen, \"127.0.0.1:{port}\"] }\n"
        }
        yaml += "proxies:\n"
        for (from, to) in [("a", "b"), ("b", "a"), ("a", "c"), ("c", "a"), ("b", "c"), ("c", "b")] {
            yaml += "  - { name: \(from)-\(to), listen: \"127.0.0.1:{port}\", upstream: \"{node.\(to).address}\", from: \(from), to: \(to) }\n"
        }
        yaml += "workload: { model: cas-register, writes: a, duration: 1s }\nexpect: linearizable\nschedule:\n"
        return yaml + schedule.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
    }

    /// Every problem found in `yaml`, read as the file `file`.
    static func diagnostics(_ yaml: String, file: String = "mesh.yaml") -> [String] {
        do {
            _ = try Suite(text: yaml, file: file)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func nemesesReadWithTheirTargets() throws {
        let suite = try Suite(text: Self.mesh(schedule: """
            - { every: 4s, for: 2s, partition-random-halves: }
            - { every: 4s, for: 2s, partition-majorities-ring: { mode: reject } }
            - { at: 1s, bridge: {} }
            - { at: 2s, partition-random-node: { nodes: b } }
            - { at: 3s, partition-one-way: { from: a, to: [b, c] } }
            - { every: 5s, for: 1s, kill: { random: 2, among: [a, b] } }
            - { at: 6s, restart: all }
            - { every: 3s, for: 1s, pause: [c] }
            - { at: 9s, resume: }
            """), file: "mesh.yaml")
        #expect(suite.schedule.map(\.action) == [
            .nemesis(.partition(.randomHalves, mode: .drop)),
            .nemesis(.partition(.majoritiesRing, mode: .reject)),
            .nemesis(.partition(.bridge, mode: .drop)),
            .nemesis(.partition(.isolate(.named(["b"])), mode: .drop)),
            .nemesis(.partition(.oneWay(from: .named(["a"]), to: .named(["b", "c"])), mode: .drop)),
            .nemesis(.signal(.kill, .random(count: 2, among: ["a", "b"]))),
            .nemesis(.signal(.restart, .all)),
            .nemesis(.signal(.pause, .named(["c"]))),
            .nemesis(.signal(.resume, .random(count: 1, among: nil))),
        ])
        #expect(suite.schedule[0].repetition == ScheduleStep.Repetition(period: .seconds(4), window: .seconds(2)))
    }

    @Test func badNemesesAreLocated() {
        let messages = Self.diagnostics(Self.mesh(schedule: """
            - { at: 1s, kill: d }
            - { at: 1s, partition-one-way: { from: [a], too: b } }
            - { every: 2s, for: 1s, restart: a }
            - { at: 1s, pause: { random: 0 } }
            - { at: 1s, kill: a, heal: all }
            """))
        let expected = [
            "mesh.yaml:15:21: error: schedule[0].kill: expected the name of a node, got 'd' (did you mean 'a'?",
            "mesh.yaml:16:47: error: schedule[1].partition-one-way.too: unknown key 'too'",
            "mesh.yaml:17:23: error: schedule[2].for: 'for' needs an action that can be undone",
            "mesh.yaml:18:32: error: schedule[3].pause.random:",
            "mesh.yaml:19:21: error: schedule[4].kill: a schedule step has one action; this one has heal and kill",
        ]
        for fragment in expected {
            #expect(messages.contains { $0.contains(fragment) }, "\(fragment) in \(messages)")
        }
        #expect(messages.count == expected.count)
    }

    @Test func partitionNemesesNeedLinksBetweenNodes() {
        let yaml = """
            nodes: [{ name: a, command: faultline, args: [store, --listen, "127.0.0.1:{port}"] }]
            proxies: [{ name: front, listen: "127.0.0.1:{port}", upstream: "{node.a.address}" }]
            workload: { model: cas-register, writes: front, duration: 1s }
            schedule: [{ at: 1s, partition-random-halves: {} }]
            expect: linearizable
            """
        #expect(Self.diagnostics(yaml).contains { $0.contains("no proxy names both 'from' and 'to'") })
    }

    @Test func aProfileRefusesNemeses() {
        let yaml = """
            proxies: [{ name: db, listen: 127.0.0.1:7000, upstream: 127.0.0.1:7001 }]
            schedule: [{ at: 1s, kill: db }]
            """
        #expect(problems(in: yaml).map(\.description).contains { $0.contains("'kill' is a nemesis") })
    }

    @Test func anExternalWorkloadTakesACommandWithPlaceholdersAndNoClientSettings() throws {
        let good = """
            nodes: [{ name: db, command: faultline, args: [store, --listen, "127.0.0.1:{port}"] }]
            proxies: []
            workload:
              driver: external
              model: set
              command: [python3, client.py, "{node.db.address}"]
              env: { MODE: fast }
              duration: 3s
            expect: linearizable
            """
        let suite = try Suite(text: good, file: "external.yaml") { _ in 4000 }
        #expect(suite.workload.driver == .external(command: ["python3", "client.py", "127.0.0.1:4000"], environment: ["MODE": "fast"]))
        #expect(suite.checker.model == "set")

        let bad = """
            nodes: [{ name: db, command: sleep, args: ["9"] }]
            proxies: []
            workload:
              driver: external
              model: sets
              clients: 4
              duration: 3s
            checker: { model: kv-store }
            expect: linearizable
            """
        let messages = Self.diagnostics(bad)
        for fragment in ["mesh.yaml:5:10: error: workload.model: expected the name of a model for the external driver, got 'sets'",
                         "mesh.yaml:6:12: error: workload.clients: 'clients' is for the harness's own clients",
                         "mesh.yaml:4:3: error: workload: missing key 'command'",
                         "mesh.yaml:8:19: error: checker.model: expected the name of a model, got 'kv-store'"] {
            #expect(messages.contains { $0.hasPrefix(fragment) }, "\(fragment) in \(messages)")
        }
    }

    @Test func agentsAndTheProxiesOnThemAreChecked() throws {
        let yaml = """
            nodes: [{ name: db, command: sleep, args: ["9"] }]
            agents:
              east: http://10.0.0.5:8474
              west: { url: "http://10.0.0.6:8474/", token_file: west.token }
              north: ftp://10.0.0.7
            proxies:
              - { name: a, agent: east, listen: "10.0.0.5:7000", upstream: "{node.db.address}" }
              - { name: b, agent: wets, listen: "127.0.0.1:{port}", upstream: "{node.db.address}" }
            workload: { model: cas-register, writes: a, duration: 1s }
            expect: linearizable
            """
        let messages = Self.diagnostics(yaml)
        #expect(messages.count == 2, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("mesh.yaml:5:10: error: agents.north: expected an agent's URL, http://HOST:PORT") })
        #expect(messages.contains { $0.hasPrefix("mesh.yaml:8:23: error: proxies[1].agent: proxy 'b' runs on agent 'wets', which is not defined")
            && $0.contains("did you mean 'west'?") })

        let good = try Suite(text: yaml.replacingOccurrences(of: "  north: ftp://10.0.0.7\n", with: "")
            .replacingOccurrences(of: "wets", with: "west"), file: "agents.yaml")
        #expect(good.agents == ["east": AgentSpec(url: "http://10.0.0.5:8474"),
                                "west": AgentSpec(url: "http://10.0.0.6:8474/", tokenFile: "west.token")])
        #expect(good.placements == ["a": "east", "b": "west"])
    }

    @Test func aRateIsOperationsPerSecondAndTheRegisterModelHasNoCas() throws {
        func workload(_ fields: String) -> String {
            """
            nodes: [{ name: db, command: sleep, args: ["9"], ready: { tcp: "127.0.0.1:{port}" } }]
            proxies: []
            workload: { writes: db, duration: 1s, \(fields) }
            expect: linearizable
            """
        }
        #expect(try Suite(text: workload("model: register, rate: 200/s"), file: "w.yaml").workload.rate == 200)
        #expect(try Suite(text: workload("model: register, rate: 12.5"), file: "w.yaml").workload.rate == 12.5)
        let messages = Self.diagnostics(workload("model: register, rate: fast, pause: 1ms, mix: { cas: 1 }"))
        #expect(messages.contains { $0.contains("workload.rate: expected operations per second") })
        #expect(messages.contains { $0.contains("workload.mix.cas: unknown key 'cas'") }, "\(messages)")
        #expect(Self.diagnostics(workload("model: cas-register, rate: 5, pause: 1ms")).contains { $0.contains("use either 'rate'") })
    }
}
