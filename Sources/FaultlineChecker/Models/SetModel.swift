import FaultlineHistory

/// A grow-only set: `add v`; `read` returns the whole set. A read of nil or unknown result
/// constrains nothing.
public struct SetModel: Model {
    public enum Step: Sendable {
        case add(HistoryValue)
        case read(Set<HistoryValue>?)
    }

    public let name = "set"
    public let operationNames = ["add", "read"]
    public let initialState: Set<HistoryValue>

    public init(initial: HistoryValue? = nil) throws(ModelError) {
        initialState = Set(try queueElements(initial, model: "set"))
    }

    public func decode(_ operation: Operation) throws(ModelError) -> Step {
        switch operation.f {
        case "add": return .add(operation.input)
        case "read":
            guard let output = operation.output, !output.isNull else { return .read(nil) }
            guard let elements = output.elements else { throw .badValue(operation, expected: "a set or list as its result") }
            return .read(Set(elements))
        default: throw .unknownOperation(operation, for: self)
        }
    }

    public func step(_ set: Set<HistoryValue>, _ step: Step) -> Set<HistoryValue>? {
        switch step {
        case .add(let value): set.union([value])
        case .read(let observed): observed == nil || observed == set ? set : nil
        }
    }

    public func inconsistency(_ set: Set<HistoryValue>, _ step: Step) -> String {
        guard case .read(let observed?) = step else { return "always possible" }
        let missing = set.subtracting(observed), unexpected = observed.subtracting(set)
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing \(HistoryValue.set(missing))") }
        if !unexpected.isEmpty { parts.append("never added \(HistoryValue.set(unexpected))") }
        return "read \(HistoryValue.set(observed)): " + parts.joined(separator: ", ")
    }

    public func describe(_ step: Step) -> String {
        switch step {
        case .add(let value): "add \(value)"
        case .read(let observed): "read -> \(observed.map { HistoryValue.set($0).description } ?? "?")"
        }
    }

    public func describe(_ set: Set<HistoryValue>) -> String { HistoryValue.set(set).description }
}
