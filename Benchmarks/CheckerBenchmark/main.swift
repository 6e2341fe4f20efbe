// Times the checker on seeded synthetic histories, one shape per run so that each shape's
// peak memory is its own. scripts/bench-checker runs every shape and prints the table.
//
//   faultline-bench-checker a|b|c|d
import FaultlineChecker
import FaultlineHistory
#if canImport(Glibc)
import Glibc
#endif

struct Shape {
    let label: String
    let histories: [(history: PairedHistory, staleReads: Int)]
    let model: String
    let options: Checker.Options
}

func simulate(processes: Int, operations: Int, keys: Int, crash: Double, stale: Double, seed: UInt64,
              vocabulary: RegisterSimulator.Vocabulary = .register) -> (PairedHistory, Int) {
    var simulator = RegisterSimulator()
    simulator.processes = processes
    simulator.operations = operations
    simulator.keys = keys
    simulator.crashProbability = crash
    simulator.staleReadProbability = stale
    simulator.seed = seed
    simulator.vocabulary = vocabulary
    let outcome = simulator.run()
    guard let paired = try? outcome.history.paired() else { fatalError("the simulator made a malformed history") }
    return (paired, outcome.staleReads)
}

/// Half the histories with at least one injected stale read, half without.
func mixed(count: Int, _ make: (UInt64, Double) -> (PairedHistory, Int)) -> [(history: PairedHistory, staleReads: Int)] {
    var histories: [(history: PairedHistory, staleReads: Int)] = []
    var seed: UInt64 = 1
    while histories.count < count {
        let wantStale = histories.count % 2 == 1
        let made = make(seed, wantStale ? 0.2 : 0)
        seed += 1
        if !wantStale || made.1 > 0 { histories.append(made) }
    }
    return histories
}

func shape(_ name: String) -> Shape? {
    switch name {
    case "a":
        return Shape(label: "(a) 100 etcd-like cas-register histories: 5 processes, ~170 events, 5% info, half with a stale read",
                     histories: mixed(count: 100) { seed, stale in
                         simulate(processes: 5, operations: 85, keys: 1, crash: 0.05, stale: stale, seed: seed) },
                     model: "cas-register", options: Checker.Options())
    case "b":
        return Shape(label: "(b) 20 kv histories: 10 keys, 50 clients, ~4,000 events, 5% info, half with a stale read",
                     histories: mixed(count: 20) { seed, stale in
                         simulate(processes: 50, operations: 2_000, keys: 10, crash: 0.05, stale: stale, seed: seed,
                                  vocabulary: .keyValue) },
                     model: "kv", options: Checker.Options())
    case "c":
        return Shape(label: "(c) 1 history of 1,000,000 operations over 1,000 keys, 100 clients, 1% info",
                     histories: [simulate(processes: 100, operations: 1_000_000, keys: 1_000, crash: 0.01, stale: 0, seed: 7)],
                     model: "cas-register", options: Checker.Options())
    case "d":
        var events: [Event] = []
        for writer in 0..<30 {
            events.append(Event(index: events.count, process: .client(writer), type: .invoke, f: "write", value: .int(Int64(writer))))
        }
        for writer in 0..<30 {
            events.append(Event(index: events.count, process: .client(writer), type: .info, f: "write", value: .int(Int64(writer))))
        }
        for reader in 0..<31 {
            events.append(Event(index: events.count, process: .client(100 + reader), type: .invoke, f: "read"))
            events.append(Event(index: events.count, process: .client(100 + reader), type: .ok, f: "read",
                                value: .int(reader == 30 ? 999 : Int64(reader))))
        }
        guard let paired = try? History(events: events).paired() else { return nil }
        return Shape(label: "(d) pathological: 30 concurrent crashed writes, all observed, then an impossible read; 5 s limit",
                     histories: [(paired, 1)], model: "register", options: Checker.Options(timeout: .seconds(5)))
    default:
        return nil
    }
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
}

func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

guard CommandLine.arguments.count == 2, let selected = shape(CommandLine.arguments[1]) else {
    print("usage: faultline-bench-checker a|b|c|d")
    exit(2)
}
var verdicts: [CheckReport.Verdict: Int] = [:]
var wrong = 0
var operations = 0
var states = 0
let clock = ContinuousClock()
var total = Duration.zero
for entry in selected.histories {
    let start = clock.now
    guard let report = try? await ModelCatalog.check(entry.history, model: selected.model, initial: nil,
                                                     checker: Checker(options: selected.options)) else {
        fatalError("the checker rejected a simulated history")
    }
    total += clock.now - start
    verdicts[report.verdict, default: 0] += 1
    operations += report.operations + report.failedOperations
    states += report.statesExplored
    let expected: CheckReport.Verdict = selected.label.hasPrefix("(d)") ? .unknown : (entry.staleReads > 0 ? .notLinearizable : .linearizable)
    if report.verdict != expected { wrong += 1 }
}
let verdictText = "\(verdicts[.linearizable, default: 0]) linearizable / \(verdicts[.notLinearizable, default: 0]) violation / \(verdicts[.unknown, default: 0]) unknown"
print("\(selected.label)\t\(selected.histories.count)\t\(operations)\t\(verdictText)\t\(wrong)\t\(states)\t\(milliseconds(total))\t\(peakResidentMegabytes())")
