import FaultlineHistory

/// A counter: `add n` (n may be negative); `read` returns the total. A read of nil or unknown
/// result constrains nothing.
public struct CounterModel: Model {
    public enum Step: Sendable {
        case add(Int64)
        case read(Int64?)
    }

    public let name = "counter"
    public let operationNames = ["add", "read"]
    public let initialState: Int64

    public init(initial: HistoryValue? = nil) throws(ModelError) {
        switch initial ?? .int(0) {
        case .null: initialState = 0
        case let value:
            guard let number = value.intValue else { throw ModelError("the counter model starts from a whole number, got \(value)") }
            initialState = number
        }
    }

    public func decode(_ operation: Operation) throws(ModelError) -> Step {
        switch operation.f {
        case "add":
            guard let amount = operation.input.isNull ? 1 : operation.input.intValue else {
                throw .badValue(operation, expected: "a whole number")
            }
            return .add(amount)
        case "read":
            guard let output = operation.output, !output.isNull else { return .read(nil) }
            guard let total = output.intValue else { throw .badValue(operation, expected: "a whole number as its result") }
            return .read(total)
        default: throw .unknownOperation(operation, for: self)
        }
    }

    public func step(_ total: Int64, _ step: Step) -> Int64? {
        switch step {
        case .add(let amount): total &+ amount
        case .read(let observed): observed == nil || observed == total ? total : nil
        }
    }

    public func inconsistency(_ total: Int64, _ step: Step) -> String {
        guard case .read(let observed?) = step else { return "always possible" }
        return "read \(observed) but the counter is \(total)"
    }

    public func describe(_ step: Step) -> String {
        switch step {
        case .add(let amount): "add \(amount)"
        case .read(let observed): "read -> \(observed.map(String.init) ?? "?")"
        }
    }

    public func describe(_ total: Int64) -> String { String(total) }
}
