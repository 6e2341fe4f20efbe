import FaultlineHistory

/// A queue without order (a bag): `enqueue v`; `dequeue` returns any element present.
///
/// A dequeue of unknown outcome could have taken any element, which a deterministic step cannot
/// say; it is checked as never having taken effect, and a dequeue that returned nil (empty)
/// constrains nothing, so that the elements such dequeues may have taken never cause a false alarm.
public struct UnorderedQueueModel: Model {
    public enum Step: Sendable {
        case enqueue(HistoryValue)
        case dequeue(HistoryValue?)
    }

    public let name = "unordered-queue"
    public let operationNames = ["enqueue", "dequeue"]
    /// How many of each element the queue holds.
    public let initialState: [HistoryValue: Int]

    public init(initial: HistoryValue? = nil) throws(ModelError) {
        initialState = try queueElements(initial, model: "unordered-queue").reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    public func decode(_ operation: Operation) throws(ModelError) -> Step {
        switch operation.f {
        case "enqueue": .enqueue(operation.input)
        case "dequeue": .dequeue(operation.output)
        default: throw .unknownOperation(operation, for: self)
        }
    }

    public func step(_ bag: [HistoryValue: Int], _ step: Step) -> [HistoryValue: Int]? {
        switch step {
        case .enqueue(let value):
            var next = bag
            next[value, default: 0] += 1
            return next
        case .dequeue(nil): return nil
        case .dequeue(.null?): return bag
        case .dequeue(let value?):
            guard let count = bag[value] else { return nil }
            var next = bag
            next[value] = count > 1 ? count - 1 : nil
            return next
        }
    }

    public func inconsistency(_ bag: [HistoryValue: Int], _ step: Step) -> String {
        guard case .dequeue(let value?) = step else { return "a dequeue of unknown outcome is checked as never taking effect" }
        return "dequeued \(value), which the queue does not hold (it holds \(describe(bag)))"
    }

    public func describe(_ step: Step) -> String {
        switch step {
        case .enqueue(let value): "enqueue \(value)"
        case .dequeue(let value): "dequeue -> \(value?.description ?? "?")"
        }
    }

    public func describe(_ bag: [HistoryValue: Int]) -> String {
        let elements = bag.flatMap { Array(repeating: $0.key.description, count: $0.value) }
        return "#{" + elements.sorted().joined(separator: " ") + "}"
    }
}
