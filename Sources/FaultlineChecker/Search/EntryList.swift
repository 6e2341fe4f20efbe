import FaultlineHistory

/// The history as a doubly linked list of call and return entries in real-time order, from
/// which the search lifts an operation when it linearizes it and puts it back on backtracking.
struct EntryList {
    static let head = 0
    let tail: Int
    private(set) var next: [Int]
    private(set) var previous: [Int]
    /// The operation (index into the partition) of each entry.
    let operation: [Int]
    let isCall: [Bool]
    /// For a call entry, its return entry; -1 for operations that never returned ok.
    let returnEntry: [Int]
    /// For each operation, its call entry.
    let callEntry: [Int]
    /// The history event index of each entry, to tell how far the search got.
    let eventIndex: [Int]

    init(_ operations: [Operation]) {
        var entries: [(event: Int, operation: Int, isCall: Bool)] = []
        entries.reserveCapacity(operations.count * 2)
        for (index, operation) in operations.enumerated() {
            entries.append((operation.invokeIndex, index, true))
            if operation.outcome == .ok, let completion = operation.completionIndex {
                entries.append((completion, index, false))
            }
        }
        entries.sort { $0.event < $1.event }
        let count = entries.count
        tail = count + 1
        next = Array(1...(count + 1)) + [count + 1]
        previous = [0] + Array(0...count)
        operation = [-1] + entries.map(\.operation) + [-1]
        isCall = [false] + entries.map(\.isCall) + [false]
        eventIndex = [-1] + entries.map(\.event) + [Int.max]
        var calls = Array(repeating: -1, count: operations.count)
        var returns = Array(repeating: -1, count: operations.count)
        for (position, entry) in entries.enumerated() {
            if entry.isCall { calls[entry.operation] = position + 1 } else { returns[entry.operation] = position + 1 }
        }
        callEntry = calls
        returnEntry = [-1] + entries.map { $0.isCall ? returns[$0.operation] : -1 } + [-1]
    }

    /// Takes a call entry and its return entry out of the list.
    mutating func lift(_ call: Int) {
        unlink(call)
        let returned = returnEntry[call]
        if returned >= 0 { unlink(returned) }
    }

    /// Puts back what `lift` took out, in reverse order.
    mutating func unlift(_ call: Int) {
        let returned = returnEntry[call]
        if returned >= 0 { relink(returned) }
        relink(call)
    }

    private mutating func unlink(_ entry: Int) {
        next[previous[entry]] = next[entry]
        previous[next[entry]] = previous[entry]
    }

    private mutating func relink(_ entry: Int) {
        next[previous[entry]] = entry
        previous[next[entry]] = entry
    }
}
