import FaultlineCore
import FaultlineProfiles
import Testing

/// A suite's `lab:` section, its nodes in lab hosts, and lab steps in its schedule.
@Suite struct LabDecodingTests {
    /// Two store nodes in lab hosts a and b, a third outside the lab, and `schedule` (YAML list items).
    static func labSuite(lab: String = "{ name: demo, subnet: 10.213.40.0/24, hosts: [a, b] }", schedule: String = "") -> String {
        """
        lab: \(lab)
        nodes:
          - { name: a, host: a, command: faultline, args: [store, --listen, "{host}:{port}", --peer, "{host.b}"] }
          - { name: b, host: b, command: faultline, args: [store, --listen, "{host}:{port}"], ready: { tcp: "{host}:{port}" } }
          - { name: c, command: faultline, args: [store, --listen, "{node.a.address}"] }
        proxies: []
        workload: { model: register, writes: [a, b], duration: 1s }
        expect: linearizable
        schedule:\(schedule.isEmpty ? " []" : "")
        \(schedule.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        """
    }

    static func diagnostics(_ yaml: String) -> [String] { SuiteDecodingTests.diagnostics(yaml, file: "lab.yaml") }

    @Test func hostsTakeAddressesInOrderAndPlaceholdersUseThem() throws {
        let ports: [String: UInt16] = ["node.a": 5001, "node.b": 5002, "node.c": 5003]
        let suite = try Suite(text: Self.labSuite(schedule: "- { at: 1s, partition-random-halves: }"), file: "lab.yaml") {
            ports[$0] ?? 0
        }
        let lab = try #require(suite.lab)
        #expect(lab.name == "demo")
        #expect(lab.controllerAddress.description == "10.213.40.1")
        #expect(lab.hosts.map(\.address.description) == ["10.213.40.2", "10.213.40.3"])
        #expect(suite.nodes.map(\.host) == ["a", "b", nil])
        #expect(suite.nodes[0].arguments == ["store", "--listen", "10.213.40.2:5001", "--peer", "10.213.40.3"])
        #expect(suite.nodes[1].readiness == .tcpPort(try Endpoint(parsing: "10.213.40.3:5002")))
        #expect(suite.nodes[2].arguments == ["store", "--listen", "10.213.40.2:5001"], "a node's address is its host's")
        #expect(suite.schedule.map(\.action) == [.nemesis(.partition(.randomHalves, mode: .drop))],
                "partitions need no proxies between nodes in lab hosts")
    }

    @Test func theSubnetDefaults() throws {
        let suite = try Suite(text: Self.labSuite(lab: "{ name: demo, hosts: [a, b] }"), file: "lab.yaml")
        #expect(suite.lab?.subnet.description == LabSpec.defaultSubnet)
    }

    @Test func labStepsReadWithTheirChanges() throws {
        let suite = try Suite(text: Self.labSuite(schedule: """
            - { every: 4s, for: 1s, lab: { host: a, link: down } }
            - { at: 1s, lab: { host: b, bandwidth: 1MB/s } }
            - { every: 4s, for: 2s, lab: { host: a, netem: { delay: 50ms, jitter: 5ms, loss: 2%, reorder: 10% } } }
            - { at: 9s, lab: { host: b, shaping: none } }
            - { at: 9s, lab: { host: a, link: up } }
            """), file: "lab.yaml")
        #expect(suite.schedule.map(\.action) == [
            .lab(HostAction(host: "a", change: .link(up: false))),
            .lab(HostAction(host: "b", change: .shape(.bandwidth(ByteRate(bytesPerSecond: 1e6))))),
            .lab(HostAction(host: "a", change: .shape(.netem(NetemSettings(
                delay: .milliseconds(50), jitter: .milliseconds(5), loss: try Probability(0.02), reorder: try Probability(0.1)))))),
            .lab(HostAction(host: "b", change: .shape(nil))),
            .lab(HostAction(host: "a", change: .link(up: true))),
        ])
        #expect(HostAction(host: "a", change: .link(up: false)).inverse == HostAction(host: "a", change: .link(up: true)))
    }

    @Test func badLabsAreLocated() {
        let messages = Self.diagnostics(Self.labSuite(lab: "{ name: Demo_lab-far-too-long, subnet: 10.213.40.1/24, hosts: [a, b, a] }"))
        let expected = [
            "lab.yaml:1:14: error: lab.name: expected a lab name of lower-case letters, digits and '-' (at most 12), got 'Demo_lab-far-too-long'",
            "lab.yaml:1:45: error: lab.subnet: expected an IPv4 network such as 10.213.0.0/24 (prefix length 8 to 30), got '10.213.40.1/24' (did you mean 10.213.40.0/24?)",
            "lab.yaml:1:68: error: lab.hosts: host 'a' is named twice",
        ]
        for fragment in expected {
            #expect(messages.contains { $0.contains(fragment) }, "\(fragment) in \(messages)")
        }
        #expect(messages.count == expected.count, "no follow-on errors: \(messages)")
        let tooSmall = Self.diagnostics(Self.labSuite(lab: "{ name: demo, subnet: 10.213.40.0/30, hosts: [a, b] }"))
        #expect(tooSmall.contains { $0.contains("subnet 10.213.40.0/30 has addresses for 1 hosts besides the controller, not 2") })
    }

    @Test func badLabStepsAndHostsAreLocated() {
        let messages = Self.diagnostics(Self.labSuite(schedule: """
            - { at: 1s, lab: { host: z, link: down } }
            - { at: 1s, lab: { host: a, link: sideways } }
            - { at: 1s, lab: { host: a, link: down, bandwidth: 1MB/s } }
            - { at: 1s, lab: { host: a } }
            - { at: 1s, lab: { host: a, netem: { reorder: 5% } } }
            - { every: 2s, for: 1s, lab: { host: a, link: up } }
            """))
        let expected = [
            "lab.yaml:10:28: error: schedule[0].lab.host: expected the name of a lab host, got 'z'",
            "lab.yaml:11:37: error: schedule[1].lab.link: expected the name of a link state (down or up), got 'sideways'",
            "lab.yaml:12:54: error: schedule[2].lab.bandwidth: a lab step makes one change; this one has link and bandwidth",
            "lab.yaml:13:20: error: schedule[3].lab: a lab step needs one change: link, bandwidth, netem, shaping",
            "lab.yaml:14:49: error: schedule[4].lab.netem.reorder: netem reorders by sending some packets ahead of delayed ones",
            "lab.yaml:15:23: error: schedule[5].for: 'for' needs an action that can be undone",
        ]
        for fragment in expected {
            #expect(messages.contains { $0.contains(fragment) }, "\(fragment) in \(messages)")
        }
        #expect(messages.count == expected.count, "\(messages)")
    }

    @Test func aNodeHostNeedsALabAndALabStepNeedsALab() {
        let yaml = """
            nodes: [{ name: a, host: a, command: faultline, args: [store, --listen, "127.0.0.1:{port}"] }]
            proxies: []
            workload: { model: register, writes: a, duration: 1s }
            schedule: [{ at: 1s, lab: { host: a, link: down } }]
            expect: linearizable
            """
        let messages = Self.diagnostics(yaml)
        #expect(messages.contains { $0.contains("lab.yaml:1:26: error: nodes[0].host: expected the name of a lab host") })
        #expect(messages.contains { $0.contains("schedule[0].lab: 'lab' acts on the suite's lab hosts, and the suite has no 'lab'") })
    }

    @Test func theLabCommandReadsJustTheLabSection() throws {
        let lab = try LabSpec(text: "lab: { name: solo, hosts: [x] }\n", file: "solo.yaml")
        #expect(lab.hosts == [LabSpec.Host(name: "x", address: IPv4Address(0x0AD5_0002))])
        #expect(throws: DiagnosticList.self) { try LabSpec(text: "nodes: []\n", file: "none.yaml") }
        do {
            _ = try LabSpec(text: "nodes: []\n", file: "none.yaml")
        } catch {
            #expect(error.description.contains("none.yaml:1:1: error: no 'lab' section"))
        }
    }

    @Test func addressesAndSubnetsParseStrictly() throws {
        #expect(IPv4Address("10.213.0.2")?.value == 0x0AD5_0002)
        for bad in ["10.213.0", "10.213.0.256", "10.213.0.2.1", "a.b.c.d", "10.213.0.-1", ""] {
            #expect(IPv4Address(bad) == nil, "\(bad)")
        }
        let subnet = try IPv4Subnet(parsing: "192.168.7.0/24")
        #expect(subnet.usableCount == 254)
        #expect(subnet.contains(IPv4Address("192.168.7.200")!))
        #expect(!subnet.contains(IPv4Address("192.168.8.1")!))
        for bad in ["10.0.0.0", "10.0.0.0/7", "10.0.0.0/31", "10.0.0.0/x", "10.0.0/24"] {
            #expect(throws: ValueParseError.self) { try IPv4Subnet(parsing: bad) }
        }
    }
}
