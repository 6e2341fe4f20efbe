import FaultlineChecker
import FaultlineHistory
import Testing

/// Histories of a simulated linearizable register are always judged linearizable; the same
/// histories with injected stale reads never are.
@Suite struct SearchPropertyTests {
    @Test(arguments: 1...40)
    func simulatedHistoriesGetTheRightVerdict(seed: UInt64) async throws {
        var simulator = RegisterSimulator()
        simulator.seed = seed
        simulator.processes = Int(seed % 6) + 2
        simulator.operations = 60 + Int(seed % 5) * 20
        simulator.crashProbability = 0.05
        let clean = simulator.run()
        let checker = Checker(options: .init(timeout: .seconds(60)))
        let cleanReport = try await ModelCatalog.check(try clean.history.paired(), model: "cas-register", initial: nil, checker: checker)
        #expect(cleanReport.verdict == .linearizable, "seed \(seed)")

        simulator.staleReadProbability = 0.3
        let stale = simulator.run()
        let staleReport = try await ModelCatalog.check(try stale.history.paired(), model: "cas-register", initial: nil, checker: checker)
        #expect(staleReport.verdict == (stale.staleReads > 0 ? .notLinearizable : .linearizable), "seed \(seed): \(stale.staleReads) stale reads")
    }

    @Test func injectionHappensOften() {
        var injected = 0
        for seed in 1...40 as ClosedRange<UInt64> {
            var simulator = RegisterSimulator()
            simulator.seed = seed
            simulator.staleReadProbability = 0.3
            if simulator.run().staleReads > 0 { injected += 1 }
        }
        #expect(injected >= 30)
    }

    @Test func keyedHistoriesArePartitionedAndCheckedInParallel() async throws {
        var simulator = RegisterSimulator()
        simulator.keys = 10
        simulator.processes = 20
        simulator.operations = 2_000
        let report = try await ModelCatalog.check(try simulator.run().history.paired(), model: "cas-register",
                                                  initial: nil, checker: Checker())
        #expect(report.verdict == .linearizable)
        #expect(report.partitions == 10)

        simulator.staleReadProbability = 0.05
        let stale = simulator.run()
        let first = try await ModelCatalog.check(try stale.history.paired(), model: "cas-register", initial: nil,
                                                 checker: Checker(options: .init(firstFailure: true)))
        #expect(first.verdict == .notLinearizable)
        #expect(first.violations.count == 1)
        #expect(first.violations[0].key != nil)
    }
}
