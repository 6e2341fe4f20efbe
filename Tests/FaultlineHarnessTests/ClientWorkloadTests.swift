import FaultlineChecker
import FaultlineCore
import FaultlineHistory
import FaultlineProxy
import FaultlineStore
import Testing
@testable import FaultlineHarness

/// Clients against the embedded store, their history checked: the loop a suite runs.
@Suite(.serialized) struct ClientWorkloadTests {
    static let anyPort = Endpoint(host: .ipv4("127.0.0.1"), port: 0)
    /// Bounded by operations, not time, so that a loaded machine changes nothing but the pace.
    static let workload = ClientWorkload(clients: 4, keys: 3, duration: .seconds(60), operationsPerClient: 50,
                                           pause: .milliseconds(1), seed: 9)

    static func check(_ history: History, initial: HistoryValue? = nil) async throws -> CheckReport {
        try await ModelCatalog.check(try history.paired(), model: "cas-register", initial: initial, checker: Checker())
    }

    @Test func clientsOnThePrimaryMakeALinearizableHistory() async throws {
        let store = try await Store.start(listen: Self.anyPort)
        let recorder = try HistoryRecorder(workers: Self.workload.clients)
        await Self.workload.run(with: RedisDriver.Factory(ClientSettings(writes: [try #require(store.address)])), recorder: recorder)
        let history = await recorder.history
        let paired = try history.paired()
        #expect(history.events.filter { $0.type == .invoke }.count == 200)
        #expect(history.events.count == 400, "every invoke is completed")
        #expect(Set(paired.operations.map(\.f)) == ["read", "write", "cas"])
        #expect(Set(paired.operations.compactMap(\.key)).count == 3)
        #expect(try await Self.check(history).verdict == .linearizable)
        await store.stop()
    }

    /// The demo's unsafe configuration: writes go to the primary, reads to a replica whose
    /// replication link is partitioned, so reads return an old value: the checker must say so.
    @Test func readsFromAPartitionedReplicaAreCaughtAsStale() async throws {
        let primary = try await Store.start(listen: Self.anyPort)
        let registry = ProxyRegistry(seed: 1)
        let link = try await registry.create(ProxySpec(name: "replication", listen: Self.anyPort, upstream: try #require(primary.address)))
        let replica = try await Store.start(listen: Self.anyPort, role: .replica(of: try #require(link.listening)))
        let setup = try await RESPClient.connect(to: try #require(primary.address))
        let check = try await RESPClient.connect(to: try #require(replica.address))
        #expect(try await setup.call(["SET", "cas-register", "0"], timeout: .seconds(1)) == .ok)
        for _ in 0..<500 where try await check.call(["GET", "cas-register"], timeout: .seconds(1)) != .bulk("0") {
            try await Task.sleep(for: .milliseconds(10))
        }
        try await registry.partition(Partition(proxies: .all, mode: .drop))

        let single = ClientWorkload(clients: 4, keys: 1, duration: .seconds(60), operationsPerClient: 50, pause: .milliseconds(1), seed: 3)
        let recorder = try HistoryRecorder(workers: single.clients)
        let factory = RedisDriver.Factory(ClientSettings(writes: [try #require(primary.address)], reads: [try #require(replica.address)]))
        await single.run(with: factory, recorder: recorder)
        let report = try await Self.check(await recorder.history, initial: .int(0))
        #expect(report.verdict == .notLinearizable)

        await setup.close()
        await check.close()
        await replica.stop()
        await registry.shutdown()
        await primary.stop()
    }

    @Test func anUnreachableStoreGivesFailuresNotUnknowns() async throws {
        let gone = try await Store.start(listen: Self.anyPort)
        let address = try #require(gone.address)
        await gone.stop()
        let recorder = try HistoryRecorder(workers: 2)
        let brief = ClientWorkload(clients: 2, duration: .seconds(60), operationsPerClient: 5, pause: .milliseconds(1))
        await brief.run(with: RedisDriver.Factory(ClientSettings(writes: [address])), recorder: recorder)
        let completions = await recorder.history.events.filter { $0.type != .invoke }
        #expect(completions.count == 10 && completions.allSatisfy { $0.type == .fail })
    }

    @Test func theSameSeedGivesTheSameOperations() async throws {
        func operations(seed: UInt64) async throws -> [String] {
            let store = try await Store.start(listen: Self.anyPort)
            let recorder = try HistoryRecorder(workers: 1)
            let one = ClientWorkload(clients: 1, keys: 2, duration: .seconds(60), operationsPerClient: 20, pause: .milliseconds(1), seed: seed)
            await one.run(with: RedisDriver.Factory(ClientSettings(writes: [try #require(store.address)])), recorder: recorder)
            await store.stop()
            return await recorder.history.events.filter { $0.type == .invoke }.prefix(20).map { "\($0.f) \($0.value) \($0.key?.description ?? "")" }
        }
        let first = try await operations(seed: 4)
        #expect(first.count == 20)
        #expect(try await operations(seed: 4) == first)
        #expect(try await operations(seed: 5) != first)
    }

    /// A rate bounds how many operations start, however fast the store answers; the bound holds
    /// on any machine (a slow one only starts fewer).
    @Test func aRateBoundsTheOperationsOfAllClientsTogether() async throws {
        let store = try await Store.start(listen: Self.anyPort)
        let recorder = try HistoryRecorder(workers: 3)
        let paced = ClientWorkload(model: "register", mix: ["read": 1], clients: 3, duration: .milliseconds(600), rate: 50, seed: 4)
        await paced.run(with: RedisDriver.Factory(ClientSettings(writes: [try #require(store.address)])), recorder: recorder)
        let history = try await recorder.history.paired()
        let started = history.operations.count + history.failed.count
        #expect(started > 0 && started <= 30 + 3, "50/s for 0.6 s is 30, give or take each client's first")
        #expect(Set(history.operations.map(\.f)).isSubset(of: ["read", "write"]))
        await store.stop()
    }
}
