import FaultlineCore
import FaultlineHistory

/// What one search concluded about one partition of a history.
enum SearchOutcome<State> {
    case linearizable
    case violation(SearchFailure<State>)
    case unknown(reason: String)
}

/// Where a search got stuck: the furthest completion it could not get past.
struct SearchFailure<State> {
    /// The operation (index into the partition) whose completion could not be reached linearized.
    let blockedOperation: Int
    /// The longest linearization found up to that point, as operation indices in order.
    let linearization: [Int]
    /// Distinct states the search was in when it got stuck there (a few).
    let states: [State]
}

/// Wing & Gong's search for a linearization, with Lowe's memoization, as Porcupine does it.
///
/// Walks the entry list: at a call it tries to linearize the operation now (the model accepts
/// the step and the configuration is new); at the return of an operation not yet linearized
/// it backtracks. Operations of unknown outcome have no return, so they may be linearized
/// anywhere after their call, or never: the search succeeds once every ok operation is in.
struct LinearizabilitySearch<M: Model> {
    let model: M
    let operations: [Operation]
    let steps: [M.Step]
    let limits: SearchLimits
    /// Configurations remembered, for statistics.
    private(set) var statesExplored = 0

    init(model: M, operations: [Operation], steps: [M.Step], limits: SearchLimits) {
        self.model = model
        self.operations = operations
        self.steps = steps
        self.limits = limits
    }

    mutating func run() -> SearchOutcome<M.State> {
        let okCount = operations.reduce(0) { $0 + ($1.outcome == .ok ? 1 : 0) }
        var list = EntryList(operations)
        let words = (operations.count + 63) / 64
        var linearized = Array(repeating: UInt64(0), count: words)
        var zobrist = SeededRandom(seed: 0x5eed)
        let keys = operations.map { _ in zobrist.next() }
        var setHash: UInt64 = 0
        var cache = LinearizationCache<M.State>(wordsPerSet: words)
        var stack: [(call: Int, state: M.State)] = []
        var state = model.initialState
        var linearizedOk = 0
        var entry = list.next[EntryList.head]
        var furthest = -1
        var failure: SearchFailure<M.State>?
        var iterations = 0
        defer { statesExplored = cache.count }

        while linearizedOk < okCount {
            iterations &+= 1
            if iterations & 0x3ff == 0, let reason = limitReached(cache) { return .unknown(reason: reason) }
            if list.isCall[entry] {
                let operation = list.operation[entry]
                if let nextState = model.step(state, steps[operation]) {
                    let (word, bit) = (operation >> 6, UInt64(1) << UInt64(operation & 63))
                    linearized[word] |= bit
                    setHash ^= keys[operation]
                    if cache.insert(setHash: setHash, set: linearized, state: nextState) {
                        stack.append((entry, state))
                        state = nextState
                        if operations[operation].outcome == .ok { linearizedOk += 1 }
                        list.lift(entry)
                        entry = list.next[EntryList.head]
                        continue
                    }
                    linearized[word] &= ~bit
                    setHash ^= keys[operation]
                }
                entry = list.next[entry]
            } else {
                let blocked = list.operation[entry]
                if list.eventIndex[entry] > furthest {
                    furthest = list.eventIndex[entry]
                    failure = SearchFailure(blockedOperation: blocked,
                                            linearization: stack.map { list.operation[$0.call] }, states: [state])
                } else if list.eventIndex[entry] == furthest, let found = failure, found.states.count < 8,
                          !found.states.contains(state) {
                    failure = SearchFailure(blockedOperation: found.blockedOperation, linearization: found.linearization,
                                            states: found.states + [state])
                }
                guard let (call, previousState) = stack.popLast() else {
                    return failure.map { .violation($0) } ?? .unknown(reason: "the search ended without a result")
                }
                let operation = list.operation[call]
                state = previousState
                linearized[operation >> 6] &= ~(UInt64(1) << UInt64(operation & 63))
                setHash ^= keys[operation]
                if operations[operation].outcome == .ok { linearizedOk -= 1 }
                list.unlift(call)
                entry = list.next[call]
            }
        }
        return .linearizable
    }

    private func limitReached(_ cache: LinearizationCache<M.State>) -> String? {
        if Task.isCancelled { return "cancelled" }
        if let deadline = limits.deadline, ContinuousClock.now >= deadline { return "time limit reached" }
        if cache.estimatedBytes > limits.memoryBytes {
            return "memory limit reached (\(limits.memoryBytes >> 20) MiB for the search's memory of states)"
        }
        return nil
    }
}
