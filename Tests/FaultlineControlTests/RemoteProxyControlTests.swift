import FaultlineControl
import FaultlineCore
import FaultlineProxy
import Testing

/// A server's proxies driven from elsewhere through /v1, through the interface schedules use.
@Suite(.serialized) struct RemoteProxyControlTests {
    static let anyPort = Endpoint(host: .ipv4("127.0.0.1"), port: 0)

    @Test func everyActionReachesTheRemoteRegistry() async throws {
        let api = try await APIServer.start()
        try await api.registry.create(ProxySpec(name: "db", listen: Self.anyPort, upstream: try Endpoint(parsing: "127.0.0.1:1")))
        try await api.registry.create(ProxySpec(name: "dns", transport: .udp, listen: Self.anyPort, upstream: try Endpoint(parsing: "127.0.0.1:53")))
        let remote = RemoteProxyControl(client: try ControlClient(url: "http://127.0.0.1:\(api.client.port)", token: nil))

        try await remote.partition(Partition(proxies: .named(["db"]), mode: .drop, direction: .upstream))
        #expect(try await api.registry.status(of: "db").partition == PartitionState(mode: .drop, direction: .upstream))
        try await remote.heal(.all)
        #expect(try await api.registry.status(of: "db").partition == nil)
        try await remote.partition(Partition(proxies: .all, mode: .reject))
        try await remote.heal(.named(["db"]))
        #expect(try await api.registry.status(of: "db").partition == nil, "a named heal heals the one named")
        #expect(try await api.registry.status(of: "dns").partition?.mode == .reject, "and only it")
        try await remote.heal(.all)

        try await remote.create(ProxySpec(name: "extra", listen: Self.anyPort, upstream: try Endpoint(parsing: "127.0.0.1:2"),
                                          faults: [FaultSpec(name: "lag", kind: .latency(Latency(delay: .milliseconds(3))))]))
        #expect(try await remote.faults(of: "extra").map(\.name) == ["lag"])
        try await remote.delete("extra")
        #expect(await api.registry.status().map(\.spec.name).sorted() == ["db", "dns"])

        try await remote.setEnabled(.all, false)
        #expect(await api.registry.status().allSatisfy { $0.listening == nil })
        try await remote.setEnabled(.named(["db"]), true)
        #expect(try await api.registry.status(of: "db").listening != nil)

        let lag = FaultSpec(name: "lag", direction: .both, toxicity: try Probability(0.5),
                            kind: .latency(Latency(delay: .milliseconds(20), jitter: .milliseconds(5), distribution: .pareto)))
        try await remote.addFault(lag, to: "db")
        #expect(try await api.registry.faults(of: "db") == [lag])
        #expect(try await remote.faults(of: "db") == [lag], "what the server describes reads back into the same fault")

        let burst = FaultSpec(kind: .loss(.gilbertElliott(p: try Probability(0.02), r: try Probability(0.25), h: .never, k: .always)))
        try await remote.setFaults([burst], of: "dns")
        #expect(try await api.registry.faults(of: "dns") == [burst])
        try await remote.removeFault(named: burst.name, from: "dns")
        #expect(try await api.registry.faults(of: "dns").isEmpty)

        await #expect { try await remote.addFault(lag, to: "ghost") } throws: { "\($0)".contains("answered 404") && "\($0)".contains("ghost") }
        await api.stop()
    }

    @Test func aScheduleDrivesRemoteProxies() async throws {
        let api = try await APIServer.start()
        try await api.registry.create(ProxySpec(name: "db", listen: Self.anyPort, upstream: try Endpoint(parsing: "127.0.0.1:1")))
        let remote = RemoteProxyControl(client: try ControlClient(url: "127.0.0.1:\(api.client.port)", token: nil))
        let steps = [
            ScheduleStep(start: .at(.zero), action: .partition(Partition(proxies: .all, mode: .reject))),
            ScheduleStep(start: .at(.zero), action: .addFault(proxy: "db", fault: FaultSpec(name: "slow", kind: .bandwidth(Bandwidth(rate: try ByteRate(parsing: "1MB/s")))))),
        ]
        await ScheduleRunner(steps: steps, control: remote, clock: ContinuousClock()) { _ in }.run()
        #expect(try await api.registry.status(of: "db").partition?.mode == .reject)
        let names = try await api.registry.faults(of: "db").map(\.name)
        #expect(names == ["slow"], "\(names)")
        await api.stop()
    }
}
