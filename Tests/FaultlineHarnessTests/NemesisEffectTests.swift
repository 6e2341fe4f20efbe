import BlockingSockets
import FaultlineCore
import FaultlineProxy
import Foundation
import Testing
@testable import FaultlineHarness

/// Each nemesis acting for real: partition nemeses partition exactly the proxies between the
/// nodes they cut, in the directions they cut, and heal them at the end of the window; node
/// nemeses kill, start, restart, pause and resume real processes.
@Suite(.serialized) struct NemesisEffectTests {
    static let nodes = ["a", "b", "c"]
    static let seed: UInt64 = 17

    /// A proxy from each node to each other, all in front of one echo server.
    static func mesh(echo: BlockingServer) async throws -> (ProxyRegistry, [String: ProxyLink], [String: Int]) {
        let registry = ProxyRegistry(seed: seed, log: { _ in })
        var links: [String: ProxyLink] = [:]
        var ports: [String: Int] = [:]
        for from in nodes {
            for to in nodes where to != from {
                let name = "\(from)-\(to)"
                let status = try await registry.create(ProxySpec(name: name, listen: try Endpoint(parsing: "127.0.0.1:0"),
                                                                 upstream: try Endpoint(parsing: "127.0.0.1:\(echo.port)")))
                links[name] = ProxyLink(from: from, to: to)
                ports[name] = Int(status.listening?.port ?? 0)
            }
        }
        return (registry, links, ports)
    }

    static let partitions: [NodePartition] = [
        .isolate(.random(count: 1, among: nil)), .isolate(.named(["b"])), .randomHalves, .majoritiesRing, .bridge,
        .oneWay(from: .named(["a"]), to: nil), .oneWay(from: .random(count: 1, among: nil), to: .named(["c"])),
    ]

    @Test(arguments: partitions)
    func aPartitionNemesisCutsTheProxiesOfItsGrudgeAndHealsThem(shape: NodePartition) async throws {
        let echo = try BlockingServer.echo()
        defer { echo.stop() }
        let (registry, links, ports) = try await Self.mesh(echo: echo)
        let supervisor = NodeSupervisor(directory: try NodeProcessTests.directory(), log: { _ in })
        let actuator = SuiteActuator(control: registry, nodes: supervisor, names: Self.nodes, links: links, seed: Self.seed)

        // The actuator draws from the same stream as this: the first draw of the run's nemesis stream.
        var random = SeededRandom(seed: Self.seed).derived("nemesis")
        let grudge = shape.grudge(among: Self.nodes, using: &random)
        let expected = Dictionary(uniqueKeysWithValues: grudge.proxyDirections(links: links).map { ($0.proxy, $0.direction) })
        #expect(!expected.isEmpty)

        let actuation = try await actuator.perform(.nemesis(.partition(shape, mode: .drop)))
        #expect(actuation.description.hasPrefix("\(shape.keyword): \(grudge)"))
        var partitioned: [String: Direction] = [:]
        for status in await registry.status() { partitioned[status.spec.name] = status.partition?.direction }
        #expect(partitioned == expected)

        // Traffic: a proxy cut upstream or both ways passes nothing; an uncut one echoes.
        for (proxy, port) in ports.sorted(by: { $0.key < $1.key }) {
            let socket = try await blocking { try BlockingSocket.connect(port: port) }
            defer { socket.close() }
            try socket.send("ping")
            let answer = try await socket.receive(within: expected[proxy] == nil ? 5_000 : 200)
            if expected[proxy] == nil {
                #expect(answer == .data(Array("ping".utf8)), "\(proxy) is not cut")
            } else {
                #expect(answer == .timedOut, "\(proxy) is cut \(expected[proxy]?.rawValue ?? "")")
            }
        }

        let undo = try #require(actuation.undo)
        _ = try await actuator.perform(undo)
        #expect(await registry.status().allSatisfy { $0.partition == nil })
        for port in ports.values { #expect(try await BlockingSocket.roundTrip("pong", port: port) == "pong") }
        await registry.shutdown()
    }

    /// The state letter of a process in /proc (S sleeping, T stopped), once it is `expected` or
    /// after two seconds: signals arrive asynchronously.
    static func state(of pid: Int32, becoming expected: Character) async -> Character? {
        var state: Character?
        for _ in 0..<200 {
            state = NodeProcessTests.state(of: pid)
            if state == expected { break }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return state
    }

    @Test func nodeNemesesKillStartRestartPauseAndResumeProcesses() async throws {
        let supervisor = NodeSupervisor(directory: try NodeProcessTests.directory(), log: { _ in })
        for name in Self.nodes { try await supervisor.start(NodeSpec(name: name, command: "sleep", arguments: ["600"])) }
        let registry = ProxyRegistry(seed: Self.seed, log: { _ in })
        let actuator = SuiteActuator(control: registry, nodes: supervisor, names: Self.nodes, links: [:], seed: Self.seed)
        func pid(_ name: String) async throws -> Int32 { try #require(await supervisor.process(of: name)).pid }

        let first = try await pid("a")
        let killed = try await actuator.perform(.nemesis(.signal(.kill, .named(["a"]))))
        #expect(killed == Actuation(description: "kill a", undo: .nemesis(.signal(.start, .named(["a"])))))
        #expect(!NodeProcessTests.isAlive(first))
        _ = try await actuator.perform(try #require(killed.undo))
        let second = try await pid("a")
        #expect(second != first && NodeProcessTests.isAlive(second), "started again as a new process")

        let paused = try await actuator.perform(.nemesis(.signal(.pause, .random(count: 2, among: nil))))
        let pausedNames = paused.description.dropFirst("pause ".count).components(separatedBy: ", ")
        #expect(pausedNames.count == 2)
        for name in pausedNames { #expect(await Self.state(of: try await pid(name), becoming: "T") == "T") }
        _ = try await actuator.perform(try #require(paused.undo))
        for name in pausedNames { #expect(await Self.state(of: try await pid(name), becoming: "S") == "S") }

        let beforeRestart = try await pid("c")
        let restarted = try await actuator.perform(.nemesis(.signal(.restart, .named(["c"]))))
        #expect(restarted.undo == nil)
        #expect(try await pid("c") != beforeRestart && !NodeProcessTests.isAlive(beforeRestart))

        _ = try await actuator.perform(.nemesis(.signal(.pause, .all)))
        let last = try await Self.nodes.asyncMap { try await pid($0) }
        await supervisor.stopAll()
        #expect(last.allSatisfy { !NodeProcessTests.isAlive($0) }, "paused nodes are stopped too")
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
