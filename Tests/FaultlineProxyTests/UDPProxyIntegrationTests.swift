import BlockingSockets
import FaultlineCore
import FaultlineProfiles
import Foundation
import Testing
@testable import FaultlineProxy

/// Real UDP sockets on the loopback address through a real UDP proxy, in front of echo servers.
@Suite(.serialized) struct UDPProxyIntegrationTests {
    /// A registry with one UDP proxy named "u" in front of `echo`; returns the proxy's port.
    static func proxy(to echo: DatagramEchoServer, faults: [FaultSpec] = [], ipv6: Bool = false,
                      sessionTimeout: Duration = ProxySpec.defaultSessionTimeout,
                      maximumSessions: Int = ProxySpec.defaultMaximumSessions) async throws -> (ProxyRegistry, Int) {
        let host = ipv6 ? "[::1]" : "127.0.0.1"
        let registry = ProxyRegistry(seed: 11)
        let status = try await registry.create(ProxySpec(
            name: "u", transport: .udp, listen: try Endpoint(parsing: "\(host):0"),
            upstream: try Endpoint(parsing: "\(host):\(echo.port)"), faults: faults,
            sessionTimeout: sessionTimeout, maximumSessions: maximumSessions))
        return (registry, Int(try #require(status.listening).port))
    }

    /// Sends each payload and collects every reply that comes before the socket's timeout.
    /// Sends `payloads` and collects the replies until the client's receive timeout passes with
    /// none, or until `expected` replies have come (then a generous timeout costs nothing).
    static func exchange(_ payloads: [[UInt8]], through port: Int, from client: BlockingDatagramSocket,
                         expected: Int = .max) async throws -> [[UInt8]] {
        try await blocking {
            for payload in payloads { client.send(payload, toPort: port) }
            var replies: [[UInt8]] = []
            while replies.count < expected, let (bytes, from) = client.receive() {
                #expect(from == port, "replies come from the proxy's address")
                replies.append(bytes)
            }
            return replies
        }
    }

    @Test(arguments: [false, true])
    func datagramsKeepTheirBoundaries(ipv6: Bool) async throws {
        let echo = try DatagramEchoServer(ipv6: ipv6)
        defer { echo.stop() }
        let (registry, port) = try await Self.proxy(to: echo, ipv6: ipv6)
        let client = try BlockingDatagramSocket(ipv6: ipv6)
        client.setReceiveTimeout(milliseconds: 5_000)
        defer { client.close() }
        let sizes = [1, 100, 1_400, 9_000, 60_000]
        let payloads = sizes.map { size in (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ size) } }
        let replies = try await Self.exchange(payloads, through: port, from: client, expected: payloads.count)
        #expect(replies.map(\.count) == sizes)
        let intact = replies == payloads  // outside #expect, which would print 70 KB on failure
        #expect(intact)
        let counters = try await registry.status(of: "u").counters
        for flow in Flow.allCases {
            #expect(counters.datagrams[flow]?.received == 5 && counters.datagrams[flow]?.sent == 5)
        }
        await registry.shutdown()
    }

    @Test func eachClientGetsItsOwnReplies() async throws {
        let echo = try DatagramEchoServer(prefix: Array("echo:".utf8))
        defer { echo.stop() }
        let (registry, port) = try await Self.proxy(to: echo)
        let clients = try (0..<20).map { _ in try BlockingDatagramSocket() }
        defer { clients.forEach { $0.close() } }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, client) in clients.enumerated() {
                client.setReceiveTimeout(milliseconds: 5_000)
                group.addTask {
                    let replies = try await Self.exchange([Array("client \(index)".utf8)], through: port, from: client, expected: 1)
                    #expect(replies == [Array("echo:client \(index)".utf8)])
                }
            }
            try await group.waitForAll()
        }
        #expect(try await registry.status(of: "u").counters.acceptedConnections == 20)
        await registry.shutdown()
    }

    @Test func idleSessionsExpireAndComeBackOnTheNextDatagram() async throws {
        let echo = try DatagramEchoServer()
        defer { echo.stop() }
        // Long enough that a loaded machine still counts the second session open right after its exchange.
        let (registry, port) = try await Self.proxy(to: echo, sessionTimeout: .milliseconds(600))
        let client = try BlockingDatagramSocket()
        client.setReceiveTimeout(milliseconds: 5_000)
        defer { client.close() }
        #expect(try await Self.exchange([[1]], through: port, from: client, expected: 1) == [[1]])
        try await Task.sleep(for: .milliseconds(1_500))
        #expect(try await registry.status(of: "u").counters.openConnections == 0)
        #expect(try await Self.exchange([[2]], through: port, from: client, expected: 1) == [[2]])
        let counters = try await registry.status(of: "u").counters
        #expect(counters.acceptedConnections == 2 && counters.openConnections == 1)
        await registry.shutdown()
    }

    @Test func clientsBeyondTheSessionCapAreDroppedAndCounted() async throws {
        let echo = try DatagramEchoServer()
        defer { echo.stop() }
        let (registry, port) = try await Self.proxy(to: echo, maximumSessions: 2)
        let clients = try (0..<3).map { _ in try BlockingDatagramSocket() }
        defer { clients.forEach { $0.close() } }
        clients.forEach { $0.setReceiveTimeout(milliseconds: 200) }
        #expect(try await Self.exchange([[1]], through: port, from: clients[0]) == [[1]])
        #expect(try await Self.exchange([[2]], through: port, from: clients[1]) == [[2]])
        #expect(try await Self.exchange([[3], [3]], through: port, from: clients[2]) == [])
        #expect(try await Self.exchange([[4]], through: port, from: clients[0]) == [[4]])
        let counters = try await registry.status(of: "u").counters
        #expect(counters.datagrams[.upstream]?.dropped["session_limit"] == 2)
        #expect(counters.refusedConnections == 2 && counters.openConnections == 2)
        await registry.shutdown()
    }

    @Test func lossDuplicationAndReorderingShowAtTheReceiver() async throws {
        let echo = try DatagramEchoServer()
        defer { echo.stop() }
        let payloads = (0..<200).map { [UInt8($0)] }

        let (lossy, lossyPort) = try await Self.proxy(
            to: echo, faults: [FaultSpec(direction: .upstream, kind: .loss(.bernoulli(probability: try Probability(0.3), correlation: .never)))])
        let client = try BlockingDatagramSocket()
        client.setReceiveTimeout(milliseconds: 300)
        defer { client.close() }
        let survived = try await Self.exchange(payloads, through: lossyPort, from: client)
        let lost = try await lossy.status(of: "u").counters.datagrams[.upstream]?.dropped["loss"] ?? 0
        #expect(lost > 30 && lost < 90)
        #expect(survived.count == 200 - lost)
        await lossy.shutdown()

        let (doubled, doubledPort) = try await Self.proxy(
            to: echo, faults: [FaultSpec(direction: .downstream, kind: .duplicate(Duplicate(probability: .always)))])
        #expect(try await Self.exchange(payloads, through: doubledPort, from: client) == payloads.flatMap { [$0, $0] })
        await doubled.shutdown()

        let (shuffled, shuffledPort) = try await Self.proxy(
            to: echo, faults: [FaultSpec(direction: .upstream, kind: .reorder(Reorder(probability: try Probability(0.5), delay: .milliseconds(50))))])
        let reordered = try await Self.exchange(payloads, through: shuffledPort, from: client)
        #expect(Set(reordered) == Set(payloads))
        #expect(reordered != payloads)
        #expect(try await shuffled.status(of: "u").counters.datagrams[.upstream]?.reordered ?? 0 > 0)
        await shuffled.shutdown()
    }

    @Test func aPartitionDropsDatagramsUntilHealed() async throws {
        let echo = try DatagramEchoServer()
        defer { echo.stop() }
        let (registry, port) = try await Self.proxy(to: echo)
        let client = try BlockingDatagramSocket()
        client.setReceiveTimeout(milliseconds: 200)
        defer { client.close() }
        #expect(try await Self.exchange([[1]], through: port, from: client) == [[1]])
        try await registry.partition(Partition(proxies: .named(["u"]), mode: .drop, direction: .downstream))
        #expect(try await Self.exchange([[2], [3]], through: port, from: client) == [])
        let counters = try await registry.status(of: "u").counters
        #expect(counters.datagrams[.downstream]?.dropped["partition"] == 2)
        #expect(counters.datagrams[.upstream]?.sent == 3, "a one-way partition lets the requests through")
        try await registry.heal(.all)
        #expect(try await Self.exchange([[4]], through: port, from: client) == [[4]])
        await registry.shutdown()
    }

    /// The shipped lossy Wi-Fi profile, pointed at a local echo server: its faults decode, apply
    /// to a UDP proxy, and lose and duplicate datagrams at rates near what the profile says.
    @Test func theLossyWiFiProfileRunsAsDescribed() async throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("profiles/lossy-wifi-udp.yaml")
        let profile = try Profile(text: String(contentsOf: file, encoding: .utf8), file: file.path)
        var spec = try #require(profile.proxies.first { $0.transport == .udp })
        let echo = try DatagramEchoServer()
        defer { echo.stop() }
        spec.listen = try Endpoint(parsing: "127.0.0.1:0")
        spec.upstream = try Endpoint(parsing: "127.0.0.1:\(echo.port)")
        let registry = ProxyRegistry(seed: try #require(profile.seed))
        let port = Int(try #require(try await registry.create(spec).listening).port)
        let client = try BlockingDatagramSocket()
        client.setReceiveTimeout(milliseconds: 500)
        defer { client.close() }
        let payloads = (0..<1_000).map { withUnsafeBytes(of: UInt16($0).bigEndian, Array.init) }
        let replies = try await Self.exchange(payloads, through: port, from: client)
        let counters = try await registry.status(of: spec.name).counters
        let upstream = try #require(counters.datagrams[.upstream])
        let lossRate = Double(upstream.dropped["loss", default: 0]) / Double(upstream.received)
        #expect(lossRate > 0.02 && lossRate < 0.15, "Gilbert-Elliott loss of about 7%, measured \(lossRate)")
        #expect(upstream.duplicated > 0)
        #expect(replies.count == counters.datagrams[.downstream]?.sent)
        #expect(replies != payloads, "reordering and jitter change the order")
        await registry.shutdown()
    }
}
