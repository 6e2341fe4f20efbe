import FaultlineHistory

/// A key-value store, checked one key at a time (the history is partitioned by key): `get`,
/// `put v`, `append v` (to a list, or to a string), `cas [expected new]` and `delete`. Unlike a
/// register read, a `get` that returned nil is a real observation: the key was absent.
public struct KeyValueModel: Model {
    public enum Step: Sendable {
        case get(HistoryValue?)
        case put(HistoryValue)
        case append(HistoryValue)
        case cas(expected: HistoryValue, new: HistoryValue)
        case delete
    }

    public let name = "kv"
    public let operationNames = ["get", "put", "append", "cas", "delete"]
    public let initialState: HistoryValue

    public init(initial: HistoryValue? = nil) {
        initialState = initial ?? .null
    }

    public func decode(_ operation: Operation) throws(ModelError) -> Step {
        switch operation.f {
        case "get": return .get(operation.output)
        case "put": return .put(operation.input)
        case "append": return .append(operation.input)
        case "delete": return .delete
        case "cas":
            let pair = try compareAndSetPair(operation)
            return .cas(expected: pair.expected, new: pair.new)
        default: throw .unknownOperation(operation, for: self)
        }
    }

    public func step(_ state: HistoryValue, _ step: Step) -> HistoryValue? {
        switch step {
        case .get(let value): value == nil || value == state ? state : nil
        case .put(let value): value
        case .append(let value):
            switch (state, value) {
            case (.null, .string(let text)): .string(text)
            case (.string(let head), .string(let tail)): .string(head + tail)
            case (.null, _): .list([value])
            case (.list(let elements), _): .list(elements + [value])
            default: nil
            }
        case .cas(let expected, let new): expected == state ? new : nil
        case .delete: .null
        }
    }

    public func inconsistency(_ state: HistoryValue, _ step: Step) -> String {
        switch step {
        case .get(let value): "get returned \(value ?? .null) but the key holds \(state)"
        case .cas(let expected, _): "cas expected \(expected) but the key holds \(state)"
        case .append(let value): "cannot append \(value) to \(state)"
        case .put, .delete: "always possible"
        }
    }

    public func describe(_ step: Step) -> String {
        switch step {
        case .get(let value): "get -> \(value?.description ?? "?")"
        case .put(let value): "put \(value)"
        case .append(let value): "append \(value)"
        case .cas(let expected, let new): "cas \(expected) -> \(new)"
        case .delete: "delete"
        }
    }

    public func describe(_ state: HistoryValue) -> String { state.description }
}
