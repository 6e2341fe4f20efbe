import FaultlineHistory

/// A first-in first-out queue: `enqueue v`; `dequeue` returns the head, or nil when empty.
/// A dequeue of unknown outcome removes the head, whatever it was.
public struct FIFOQueueModel: Model {
    public enum Step: Sendable {
        case enqueue(HistoryValue)
        /// The dequeued value; nil when the outcome is unknown.
        case dequeue(HistoryValue?)
    }

    public let name = "fifo-queue"
    public let operationNames = ["enqueue", "dequeue"]
    public let initialState: [HistoryValue]

    public init(initial: HistoryValue? = nil) throws(ModelError) {
        initialState = try queueElements(initial, model: "fifo-queue")
    }

    public func decode(_ operation: Operation) throws(ModelError) -> Step {
        switch operation.f {
        case "enqueue": .enqueue(operation.input)
        case "dequeue": .dequeue(operation.output)
        default: throw .unknownOperation(operation, for: self)
        }
    }

    public func step(_ queue: [HistoryValue], _ step: Step) -> [HistoryValue]? {
        switch step {
        case .enqueue(let value): return queue + [value]
        case .dequeue(nil): return Array(queue.dropFirst())
        case .dequeue(.null?): return queue.isEmpty ? queue : nil
        case .dequeue(let value?): return queue.first == value ? Array(queue.dropFirst()) : nil
        }
    }

    public func inconsistency(_ queue: [HistoryValue], _ step: Step) -> String {
        guard case .dequeue(let value?) = step else { return "always possible" }
        if value.isNull { return "dequeued nothing but the queue holds \(HistoryValue.list(queue))" }
        return queue.contains(value)
            ? "dequeued \(value) but the head of the queue is \(queue.first ?? .null)"
            : "dequeued \(value), which the queue does not hold (it holds \(HistoryValue.list(queue)))"
    }

    public func describe(_ step: Step) -> String {
        switch step {
        case .enqueue(let value): "enqueue \(value)"
        case .dequeue(let value): "dequeue -> \(value?.description ?? "?")"
        }
    }

    public func describe(_ queue: [HistoryValue]) -> String { HistoryValue.list(queue).description }
}

/// The elements of a queue's initial value: nil for empty, or a list.
func queueElements(_ initial: HistoryValue?, model: String) throws(ModelError) -> [HistoryValue] {
    switch initial ?? .null {
    case .null: return []
    case let value:
        guard let elements = value.elements else {
            throw ModelError("the \(model) model starts from a list of elements, got \(value)")
        }
        return elements
    }
}
