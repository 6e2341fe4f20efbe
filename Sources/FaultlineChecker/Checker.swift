import FaultlineCore
import FaultlineHistory

/// Checks histories for linearizability against a model.
///
/// Operations with keys (a `key` field, or jepsen.independent tuples read with `--independent`)
/// are checked one key at a time, as independent copies of the model (P-compositionality), on
/// all cores; a history without keys is one partition.
public struct Checker: Sendable {
    public struct Options: Sendable {
        /// Give up with `unknown` after this long; nil waits for an answer.
        public var timeout: Duration?
        /// Bytes the searches running at once may hold in total before giving up with `unknown`.
        public var memoryBytes: Int
        /// Stop at the first violating partition.
        public var firstFailure: Bool

        public init(timeout: Duration? = nil, memoryBytes: Int = 2 << 30, firstFailure: Bool = false) {
            self.timeout = timeout
            self.memoryBytes = memoryBytes
            self.firstFailure = firstFailure
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Checks `history` against `model`. Throws `ModelError` when an operation makes no sense
    /// for the model, or when only some operations have keys.
    public func check<M: Model>(_ history: PairedHistory, against model: M) async throws(ModelError) -> CheckReport {
        let start = ContinuousClock.now
        let partitions = try partition(history.operations, model: model)
        var decoded: [(key: HistoryValue?, operations: [Operation], steps: [M.Step])] = []
        for (key, operations) in partitions {
            var steps: [M.Step] = []
            steps.reserveCapacity(operations.count)
            for operation in operations { steps.append(try model.decode(operation)) }
            let removable = model.removableUnknowns(steps, unknown: operations.map { $0.outcome == .unknown })
            let kept = operations.indices.filter { !removable[$0] }
            decoded.append((key, kept.enumerated().map { position, index in
                var operation = operations[index]
                operation.id = position
                return operation
            }, kept.map { steps[$0] }))
        }
        let concurrency = max(1, min(decoded.count, activeProcessorCount()))
        let limits = SearchLimits(deadline: options.timeout.map { start + $0 },
                                  memoryBytes: options.memoryBytes / concurrency)
        let firstFailure = options.firstFailure
        var results: [(index: Int, outcome: PartitionResult)] = []
        await withTaskGroup(of: (Int, PartitionResult).self) { group in
            var nextIndex = 0
            func startNext() {
                guard nextIndex < decoded.count else { return }
                let index = nextIndex, partition = decoded[index]
                nextIndex += 1
                group.addTask {
                    var search = LinearizabilitySearch(model: model, operations: partition.operations,
                                                       steps: partition.steps, limits: limits)
                    let outcome = search.run()
                    return (index, PartitionResult(outcome, search: search, key: partition.key))
                }
            }
            for _ in 0..<concurrency { startNext() }
            while let (index, result) = await group.next() {
                results.append((index, result))
                if firstFailure, case .violation = result.kind {
                    group.cancelAll()
                    nextIndex = decoded.count
                }
                startNext()
            }
        }
        results.sort { $0.index < $1.index }
        let violations = results.compactMap { if case .violation(let explanation) = $0.outcome.kind { explanation } else { nil } }
        let unknown = results.compactMap { result -> (HistoryValue?, String)? in
            if case .unknown(let reason) = result.outcome.kind, reason != "cancelled" { return (result.outcome.key, reason) }
            return nil
        }
        let complete = results.count == decoded.count
        let verdict: CheckReport.Verdict = !violations.isEmpty ? .notLinearizable
            : (!unknown.isEmpty || !complete ? .unknown : .linearizable)
        return CheckReport(
            verdict: verdict, model: model.name, operations: history.operations.count,
            failedOperations: history.failed.count, processes: history.processCount, partitions: decoded.count,
            statesExplored: results.reduce(0) { $0 + $1.outcome.statesExplored }, elapsed: ContinuousClock.now - start,
            violations: firstFailure ? Array(violations.prefix(1)) : violations, unknownPartitions: unknown)
    }

    /// Groups operations by key, keeping each group in invocation order.
    private func partition<M: Model>(_ operations: [Operation], model: M) throws(ModelError) -> [(HistoryValue?, [Operation])] {
        let keyed = operations.filter { $0.key != nil }
        if keyed.isEmpty {
            if model is KeyValueModel, let first = operations.first {
                throw ModelError("\(first.place): the kv model checks each key on its own, so every operation needs a key: a 'key' field, or [key value] values read with --independent")
            }
            return [(nil, operations)]
        }
        if keyed.count != operations.count, let unkeyed = operations.first(where: { $0.key == nil }) {
            throw ModelError("\(unkeyed.place): this operation has no key while others have one; a history is checked per key only when every operation names its key")
        }
        var groups: [HistoryValue: [Operation]] = [:]
        var order: [HistoryValue] = []
        for operation in operations {
            guard let key = operation.key else { continue }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(operation)
        }
        return order.map { key in
            (key, (groups[key] ?? []).enumerated().map { index, operation in
                var local = operation
                local.id = index
                return local
            })
        }
    }
}

/// One partition's result, with the model's types turned into text for the report.
struct PartitionResult: Sendable {
    enum Kind: Sendable {
        case linearizable
        case violation(Explanation)
        case unknown(String)
    }

    let kind: Kind
    let key: HistoryValue?
    let statesExplored: Int

    init<M: Model>(_ outcome: SearchOutcome<M.State>, search: LinearizabilitySearch<M>, key: HistoryValue?) {
        self.key = key
        statesExplored = search.statesExplored
        switch outcome {
        case .linearizable: kind = .linearizable
        case .unknown(let reason): kind = .unknown(reason)
        case .violation(let failure): kind = .violation(Self.explain(failure, search: search, key: key))
        }
    }

    private static func explain<M: Model>(_ failure: SearchFailure<M.State>, search: LinearizabilitySearch<M>,
                                          key: HistoryValue?) -> Explanation {
        let model = search.model
        var state = model.initialState
        var linearization: [Explanation.LinearizedStep] = []
        for index in failure.linearization {
            let step = search.steps[index]
            state = model.step(state, step) ?? state
            linearization.append(.init(operation: search.operations[index], step: model.describe(step),
                                       stateAfter: model.describe(state)))
        }
        let blocked = failure.blockedOperation
        let step = search.steps[blocked]
        let possible = failure.states.map { state in
            (model.describe(state), model.step(state, step) == nil
                ? model.inconsistency(state, step)
                : "it is possible here, but other operations that completed before it cannot all be linearized with it")
        }
        return Explanation(key: key, operation: search.operations[blocked], step: model.describe(step),
                           linearization: linearization, possibleStates: possible)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The cores this process may run on.
func activeProcessorCount() -> Int {
    max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}
