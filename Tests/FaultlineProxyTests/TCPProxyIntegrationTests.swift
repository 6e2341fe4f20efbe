import BlockingSockets
import FaultlineCore
import Foundation
import Synchronization
import Testing
@testable import FaultlineProxy

/// `count` seeded random bytes, written a word at a time (a per-byte loop crawls in debug builds).
func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var random = SeededRandom(seed: seed)
    var bytes = [UInt8](repeating: 0, count: count)
    bytes.withUnsafeMutableBytes { raw in
        for word in 0..<(count / 8) { raw.storeBytes(of: random.next(), toByteOffset: word * 8, as: UInt64.self) }
    }
    return bytes
}

/// Real sockets on 127.0.0.1 through a real proxy.
@Suite(.serialized) struct TCPProxyIntegrationTests {
    /// A registry with one proxy named "p" in front of `upstreamPort`; returns the proxy's port.
    static func proxy(to upstreamPort: Int, faults: [FaultSpec] = [], seed: UInt64 = 1,
                      maximumConnections: Int = ProxySpec.defaultMaximumConnections) async throws -> (ProxyRegistry, Int) {
        let registry = ProxyRegistry(seed: seed)
        let status = try await registry.create(ProxySpec(
            name: "p", listen: try Endpoint(parsing: "127.0.0.1:0"), upstream: try Endpoint(parsing: "127.0.0.1:\(upstreamPort)"),
            faults: faults, maximumConnections: maximumConnections))
        return (registry, Int(try #require(status.listening).port))
    }

    @Test func oneHundredMegabytesArriveIntactBothWays() async throws {
        let upstream = try BlockingServer.echo()
        defer { upstream.stop() }
        let (registry, port) = try await Self.proxy(to: upstream.port)
        let client = try await blocking { try BlockingSocket.connect(port: port) }
        var random = SeededRandom(seed: 99)
        let total = 100 << 20
        let payload = randomBytes(total, seed: 99)
        let sizes = (0..<10_000).map { _ in Int.random(in: 1...65_536, using: &random) }
        let sent = payload
        let writer = Thread {
            var offset = 0, index = 0
            while offset < total {
                let size = min(sizes[index % sizes.count], total - offset)
                try? client.send(sent, range: offset..<(offset + size))
                offset += size
                index += 1
            }
            client.shutdownOutput()
        }
        writer.start()
        let (received, end) = try await blocking { client.receiveAll(expecting: total) }
        #expect(end == .endOfStream)
        #expect(received.count == total)
        let intact = received == payload  // compared outside #expect, which would print 100 MB on failure
        #expect(intact)
        client.close()
        let counters = try await registry.status(of: "p").counters
        #expect(counters.bytes[.upstream] == total && counters.bytes[.downstream] == total)
        await registry.shutdown()
    }

    @Test func aHalfCloseFromTheClientKeepsTheReplyFlowing() async throws {
        let upstream = try BlockingServer { socket in
            let (request, end) = socket.receiveAll()
            guard end == .endOfStream else { return }
            try? socket.send("got \(request.count) bytes")
            socket.shutdownOutput()
            socket.close()
        }
        defer { upstream.stop() }
        let (registry, port) = try await Self.proxy(to: upstream.port)
        let client = try await blocking { try BlockingSocket.connect(port: port) }
        try client.send("hello")
        client.shutdownOutput()
        let (reply, end) = try await blocking { client.receiveAll() }
        #expect(String(decoding: reply, as: UTF8.self) == "got 5 bytes")
        #expect(end == .endOfStream)
        client.close()
        await registry.shutdown()
    }

    @Test func aHalfCloseFromTheServerKeepsTheRequestFlowing() async throws {
        let received = Mutex<[UInt8]>([])
        let upstream = try BlockingServer { socket in
            socket.shutdownOutput()
            let (bytes, _) = socket.receiveAll()
            received.withLock { $0 = bytes }
            socket.close()
        }
        defer { upstream.stop() }
        let (registry, port) = try await Self.proxy(to: upstream.port)
        let client = try await blocking { try BlockingSocket.connect(port: port) }
        #expect(try await blocking { client.receive() } == .endOfStream)
        try client.send("still talking")
        client.shutdownOutput()
        #expect(try await blocking { client.receive() } == .endOfStream)
        try await Task.sleep(for: .milliseconds(200))
        #expect(String(decoding: received.withLock { $0 }, as: UTF8.self) == "still talking")
        client.close()
        await registry.shutdown()
    }

    @Test func aResetFromTheServerReachesTheClient() async throws {
        let upstream = try BlockingServer { socket in
            _ = socket.receive()
            socket.reset()
        }
        defer { upstream.stop() }
        let (registry, port) = try await Self.proxy(to: upstream.port)
        let client = try await blocking { try BlockingSocket.connect(port: port) }
        try client.send("x")
        #expect(try await blocking { client.receiveAll().end } == .reset)
        client.close()
        await registry.shutdown()
    }

    @Test func aResetFromTheClientReachesTheServer() async throws {
        let ending = Mutex<BlockingSocket.Received?>(nil)
        let upstream = try BlockingServer { socket in
            try? socket.send("ready")
            let end = socket.receiveAll().end
            ending.withLock { $0 = end }
        }
        defer { upstream.stop() }
        let (registry, port) = try await Self.proxy(to: upstream.port)
        let client = try await blocking { try BlockingSocket.connect(port: port) }
        #expect(try await blocking { client.receiveText(count: 5) } == "ready")
        client.reset()
        try await Task.sleep(for: .milliseconds(300))
        #expect(ending.withLock { $0 } == .reset)
        await registry.shutdown()
    }

    @Test func anUnreachableUpstreamClosesTheClient() async throws {
        let (registry, port) = try await Self.proxy(to: try closedPort())
        let client = try await blocking { try BlockingSocket.connect(port: port) }
        let end = try await blocking { client.receiveAll().end }
        #expect(end == .endOfStream || end == .reset)
        client.close()
        try await Task.sleep(for: .milliseconds(100))
        #expect(try await registry.status(of: "p").counters.upstreamFailures == 1)
        await registry.shutdown()
    }

    @Test func aConnectDelayStillDeliversEverything() async throws {
        let upstream = try BlockingServer.echo()
        defer { upstream.stop() }
        let (registry, port) = try await Self.proxy(
            to: upstream.port, faults: [FaultSpec(kind: .connectDelay(ConnectDelay(delay: .milliseconds(100))))])
        let client = try await blocking { try BlockingSocket.connect(port: port) }
        try client.send("sent before the upstream was dialled")
        client.shutdownOutput()
        let (bytes, end) = try await blocking { client.receiveAll() }
        #expect(String(decoding: bytes, as: UTF8.self) == "sent before the upstream was dialled")
        #expect(end == .endOfStream)
        #expect(try await registry.status(of: "p").counters.faultsApplied[.connectDelay] == 1)
        client.close()
        await registry.shutdown()
    }

    @Test func clientsBeyondTheConnectionLimitAreResetAndTheRestServed() async throws {
        let upstream = try BlockingServer.echo()
        defer { upstream.stop() }
        let (registry, port) = try await Self.proxy(to: upstream.port, maximumConnections: 2)
        var served: [BlockingSocket] = []
        for text in ["one", "two"] {
            let client = try await blocking { try BlockingSocket.connect(port: port) }
            try client.send(text)
            #expect(try await blocking { client.receiveText(count: text.count) } == text)
            served.append(client)
        }
        let third = try await blocking { try BlockingSocket.connect(port: port) }
        #expect(try await blocking { third.receiveAll().end } == .reset)
        third.close()
        #expect(try await registry.status(of: "p").counters.refusedConnections == 1)
        served.forEach { $0.close() }
        await registry.shutdown()
    }

    @Test func anUpstreamThatDiesMidStreamEndsTheClient() async throws {
        let upstream = try BlockingServer { socket in
            try? socket.send(Array(repeating: 7, count: 100_000))
            socket.close()
        }
        defer { upstream.stop() }
        let (registry, port) = try await Self.proxy(to: upstream.port)
        let client = try await blocking { try BlockingSocket.connect(port: port) }
        let (bytes, end) = try await blocking { client.receiveAll() }
        #expect(bytes.count == 100_000)
        #expect(end == .endOfStream)
        client.close()
        await registry.shutdown()
    }

    @Test func aDropPartitionHoldsTrafficAndHealingDeliversEveryByteOnce() async throws {
        let upstream = try BlockingServer.echo()
        defer { upstream.stop() }
        let (registry, port) = try await Self.proxy(to: upstream.port)
        let client = try await blocking { try BlockingSocket.connect(port: port) }
        client.setReceiveTimeout(seconds: 60)
        let total = 32 << 20
        let payload = randomBytes(total, seed: 5)
        let partitioned = DispatchSemaphore(value: 0)
        let writer = Thread {
            try? client.send(payload, range: 0..<(total / 4))
            partitioned.wait()  // the rest is sent into the partition, and the FIN after it
            var offset = total / 4
            while offset < total {
                let size = min(16_384, total - offset)
                try? client.send(payload, range: offset..<(offset + size))
                offset += size
            }
            client.shutdownOutput()
        }
        async let echoed = blocking { client.receiveAll(expecting: total) }
        writer.start()
        while try await registry.status(of: "p").counters.bytes[.upstream, default: 0] < total / 8 {
            try await Task.sleep(for: .milliseconds(5))
        }
        try await registry.partition(Partition(proxies: .named(["p"]), mode: .drop))
        partitioned.signal()
        try await Task.sleep(for: .milliseconds(200))
        let held = try await registry.status(of: "p").counters.bytes
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await registry.status(of: "p").counters.bytes == held, "nothing moves while partitioned")
        #expect(held[.upstream, default: 0] < total, "the partition holds the sender back")
        try await registry.heal(.all)
        let (received, end) = try await echoed
        #expect(end == .endOfStream)
        #expect(received.count == total)
        let intact = received == payload
        #expect(intact)
        client.close()
        await registry.shutdown()
    }

    /// The two ways of rejecting: a `reject` fault, and a partition in `reject` mode.
    enum Rejection: CaseIterable, Sendable {
        case fault
        case partition

        func apply(to registry: ProxyRegistry) async throws {
            switch self {
            case .fault: try await registry.addFault(FaultSpec(kind: .reject), to: "p")
            case .partition: try await registry.partition(Partition(proxies: .named(["p"]), mode: .reject))
            }
        }

        func undo(on registry: ProxyRegistry) async throws {
            switch self {
            case .fault: try await registry.removeFault(named: "reject", from: "p")
            case .partition: try await registry.heal(.all)
            }
        }
    }

    @Test(arguments: Rejection.allCases)
    func rejectingResetsLiveConnectionsAndRefusesNewOnesUntilUndone(_ rejection: Rejection) async throws {
        let upstream = try BlockingServer.echo()
        defer { upstream.stop() }
        let (registry, port) = try await Self.proxy(to: upstream.port)
        let client = try await blocking { try BlockingSocket.connect(port: port) }
        try client.send("ping")
        #expect(try await blocking { client.receiveText(count: 4) } == "ping")
        try await rejection.apply(to: registry)
        #expect(try await blocking { client.receiveAll().end } == .reset)
        client.close()
        let refused = try await blocking { try BlockingSocket.connect(port: port) }
        // No send here: a send that met the RST would consume the error and leave recv an EOF.
        #expect(try await blocking { refused.receiveAll().end } == .reset)
        refused.close()
        #expect(try await registry.status(of: "p").counters.refusedConnections == 1)
        try await rejection.undo(on: registry)
        #expect(try await BlockingSocket.roundTrip("back", port: port) == "back")
        await registry.shutdown()
    }

    /// Toxicity 1 resets every connection at its first data; toxicity 0 has no effect at all
    /// (Toxiproxy's bug #603: a reset_peer of toxicity 0 still set SO_LINGER 0, turning closes into resets).
    @Test(arguments: [(Probability.never, BlockingSocket.Received.endOfStream), (Probability.always, .reset)])
    func toxicityDecidesWhetherAResetApplies(toxicity: Probability, expected: BlockingSocket.Received) async throws {
        let upstream = try BlockingServer.echo()
        defer { upstream.stop() }
        let (registry, port) = try await Self.proxy(
            to: upstream.port, faults: [FaultSpec(direction: .both, toxicity: toxicity, kind: .resetPeer(ResetPeer()))])
        for _ in 0..<20 {
            let client = try await blocking { try BlockingSocket.connect(port: port) }
            try client.send("data")
            client.shutdownOutput()
            let (bytes, end) = try await blocking { client.receiveAll() }
            #expect(bytes == (expected == .reset ? [] : Array("data".utf8)))
            #expect(end == expected)
            client.close()
        }
        let applied = try await registry.status(of: "p").counters.faultsApplied[.resetPeer, default: 0]
        #expect(applied == (expected == .reset ? 20 * 2 : 0))
        await registry.shutdown()
    }

    @Test func theSameSeedGivesTheSameDecisions() async throws {
        let upstream = try BlockingServer.echo()
        defer { upstream.stop() }
        func decisions(seed: UInt64) async throws -> [Bool] {
            let (registry, port) = try await Self.proxy(
                to: upstream.port, faults: [FaultSpec(direction: .upstream, toxicity: try Probability(0.5), kind: .blackhole)],
                seed: seed)
            var passed: [Bool] = []
            for _ in 0..<30 {
                let client = try await blocking { try BlockingSocket.connect(port: port) }
                try client.send("x")
                client.shutdownOutput()
                client.setReceiveTimeout(seconds: 1)
                passed.append(try await blocking { client.receive() } == .data(Array("x".utf8)))
                client.close()
            }
            await registry.shutdown()
            return passed
        }
        let first = try await decisions(seed: 7)
        #expect(try await decisions(seed: 7) == first)
        #expect(first.contains(true) && first.contains(false))
    }
}
