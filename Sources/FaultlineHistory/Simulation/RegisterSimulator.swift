import FaultlineCore

/// Generates seeded synthetic histories of clients using read/write/compare-and-set registers
/// concurrently, with crashed (`info`) operations, for tests and benchmarks of the checker.
///
/// The register is linearizable by construction (every operation takes effect at one instant
/// between its invocation and completion) unless stale reads are injected: such a read returns a
/// value that was overwritten, by a write that finished before the read began, of a write that
/// finished before the overwriting one began. Written values are unique, so every injected
/// stale read is a real violation.
public struct RegisterSimulator: Sendable {
    public var processes = 5
    public var operations = 85
    /// Independent registers; with more than one, events carry their register as `key`.
    public var keys = 1
    /// The probability that an operation's client crashes: the operation ends `info` and takes
    /// effect or not, even odds.
    public var crashProbability = 0.05
    /// The probability that a read returns a stale value, where one is available.
    public var staleReadProbability = 0.0
    public var readRatio = 0.5
    public var writeRatio = 0.25
    public var seed: UInt64 = 1
    /// The operation names: a register's (read, write, cas) or a key-value store's (get, put, cas).
    public var vocabulary = Vocabulary.register

    public enum Vocabulary: Sendable {
        case register
        case keyValue
    }

    public init() {}

    private struct SimulatedOperation {
        let id: Int
        let process: Int
        let key: Int
        let kind: Kind
        let invoke: Int
        let instant: Int
        let complete: Int
        let crashed: Bool
        let takesEffect: Bool
        var output: HistoryValue = .null
        var succeeded = true

        enum Kind { case read, write(Int64), cas(expected: Int64, new: Int64) }

        var isRead: Bool {
            if case .read = kind { return true }
            return false
        }
    }

    private struct Writer {
        let value: Int64
        let complete: Int
        let crashed: Bool
    }

    /// A simulated history and how many stale reads were injected into it.
    public struct Outcome: Sendable {
        public var history: History
        public var staleReads: Int
    }

    /// The history, events in time order, with invocations starting at time 0.
    public func run() -> Outcome {
        var random = SeededRandom(seed: seed)
        var cursors = (0..<processes).map { _ in Int.random(in: 0..<5, using: &random) }
        var processIDs = Array(0..<processes)
        var nextProcess = processes
        var nextValue: Int64 = 1
        var operations: [SimulatedOperation] = []
        for id in 0..<self.operations {
            let worker = cursors.indices.min { cursors[$0] < cursors[$1] } ?? 0
            let invoke = cursors[worker]
            let instant = invoke + 1 + Int.random(in: 0..<20, using: &random)
            let complete = instant + 1 + Int.random(in: 0..<20, using: &random)
            let draw = random.nextUnit()
            let kind: SimulatedOperation.Kind
            if draw < readRatio {
                kind = .read
            } else if draw < readRatio + writeRatio {
                kind = .write(nextValue)
                nextValue += 1
            } else {
                kind = .cas(expected: max(0, nextValue - 1 - Int64.random(in: 0..<3, using: &random)), new: nextValue)
                nextValue += 1
            }
            let crashed = random.nextUnit() < crashProbability
            operations.append(SimulatedOperation(
                id: id, process: processIDs[worker], key: Int.random(in: 0..<keys, using: &random), kind: kind,
                invoke: invoke, instant: instant, complete: complete, crashed: crashed,
                takesEffect: !crashed || random.nextUnit() < 0.5))
            cursors[worker] = complete + 1 + Int.random(in: 0..<5, using: &random)
            if crashed {
                processIDs[worker] = nextProcess
                nextProcess += 1
            }
        }
        let staleReads = applyEffects(&operations, random: &random)
        return Outcome(history: events(of: operations), staleReads: staleReads)
    }

    /// Runs the operations at their instants, in time order, computing reads and cas outcomes.
    private func applyEffects(_ operations: inout [SimulatedOperation], random: inout SeededRandom) -> Int {
        var staleReads = 0
        var values: [Int: Int64] = [:]
        var writers: [Int: Writer] = [:]
        var superseded: [Int: [(value: Int64, visibleAfter: Int)]] = [:]
        for index in operations.indices.sorted(by: { (operations[$0].instant, $0) < (operations[$1].instant, $1) }) {
            var operation = operations[index]
            let key = operation.key
            switch operation.kind {
            case .read:
                operation.output = values[key].map { .int($0) } ?? .null
                let stale = superseded[key, default: []].filter { $0.visibleAfter < operation.invoke }
                if !operation.crashed, !stale.isEmpty, random.nextUnit() < staleReadProbability,
                   let pick = stale.randomElement(using: &random) {
                    operation.output = .int(pick.value)
                    staleReads += 1
                }
            case .write(let value):
                operation.output = .int(value)
                if operation.takesEffect { overwrite(key, with: value, by: operation, &values, &writers, &superseded) }
            case .cas(let expected, let new):
                operation.succeeded = values[key] == expected
                if operation.succeeded, operation.takesEffect {
                    overwrite(key, with: new, by: operation, &values, &writers, &superseded)
                }
            }
            operations[index] = operation
        }
        return staleReads
    }

    private func overwrite(_ key: Int, with value: Int64, by operation: SimulatedOperation, _ values: inout [Int: Int64],
                           _ writers: inout [Int: Writer], _ superseded: inout [Int: [(value: Int64, visibleAfter: Int)]]) {
        if let previous = writers[key], !previous.crashed, !operation.crashed, previous.complete < operation.invoke {
            superseded[key, default: []].append((previous.value, operation.complete))
        }
        values[key] = value
        writers[key] = Writer(value: value, complete: operation.complete, crashed: operation.crashed)
    }

    private func events(of operations: [SimulatedOperation]) -> History {
        var timeline: [(time: Int, order: Int, event: Event)] = []
        for operation in operations {
            let key: HistoryValue? = keys > 1 ? .int(Int64(operation.key)) : nil
            let (f, input, completedValue): (String, HistoryValue, HistoryValue) = switch operation.kind {
            case .read: (vocabulary == .register ? "read" : "get", .null, operation.output)
            case .write(let value): (vocabulary == .register ? "write" : "put", .int(value), .int(value))
            case .cas(let expected, let new): ("cas", .list([.int(expected), .int(new)]), .list([.int(expected), .int(new)]))
            }
            let completion: EventType = operation.crashed ? .info : (operation.succeeded ? .ok : .fail)
            let value = operation.crashed && operation.isRead ? .null : completedValue
            timeline.append((operation.invoke, 1, Event(index: 0, process: .client(operation.process), type: .invoke, f: f,
                                                         value: input, key: key, time: Int64(operation.invoke))))
            timeline.append((operation.complete, 0, Event(index: 0, process: .client(operation.process), type: completion,
                                                           f: f, value: value, key: key, time: Int64(operation.complete))))
        }
        timeline.sort { ($0.time, $0.order) < ($1.time, $1.order) }
        return History(events: timeline.enumerated().map { index, entry in
            var event = entry.event
            event.index = index
            return event
        })
    }
}
