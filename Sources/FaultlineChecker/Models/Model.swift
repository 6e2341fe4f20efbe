import FaultlineHistory

/// A sequential specification that a history is checked against.
///
/// As in Porcupine, a model is an initial state and a step function; the checker searches for
/// an order of the operations, consistent with real time, in which every step is valid. Steps
/// are decoded from the history once (`decode`), so the search never parses values. The reason
/// a step is invalid is asked for separately (`inconsistency`), only when explaining a
/// violation: the search tries and rejects steps millions of times and must not build strings.
public protocol Model: Sendable {
    associatedtype State: Hashable & Sendable
    associatedtype Step: Sendable

    /// The name used by `faultline check --model`.
    var name: String { get }
    /// The operation names (`f`) the model understands, for messages.
    var operationNames: [String] { get }

    var initialState: State { get }

    /// The operation in the model's terms; throws when its `f` or value make no sense for the model.
    func decode(_ operation: Operation) throws(ModelError) -> Step

    /// The state after `step`, or nil when `step` cannot happen in `state`. Called for ok
    /// operations with their results, and for operations of unknown outcome with only their
    /// inputs (the model decides what an unknown result allows).
    func step(_ state: State, _ step: Step) -> State?

    /// Why `step` cannot happen in `state`.
    func inconsistency(_ state: State, _ step: Step) -> String

    func describe(_ step: Step) -> String
    func describe(_ state: State) -> String

    /// Which operations of unknown outcome (flagged in `unknown`) the search may leave out
    /// because their taking effect could never help linearize the others. Each one left out
    /// halves the configurations the search may have to explore; the default leaves out none.
    func removableUnknowns(_ steps: [Step], unknown: [Bool]) -> [Bool]
}

extension Model {
    public func removableUnknowns(_ steps: [Step], unknown: [Bool]) -> [Bool] {
        Array(repeating: false, count: steps.count)
    }
}

/// An operation that a model cannot interpret.
public struct ModelError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    /// The standard message for an unknown operation name.
    static func unknownOperation(_ operation: Operation, for model: some Model) -> ModelError {
        ModelError("\(operation.place): '\(operation.f)' is not an operation of the \(model.name) model (its operations: \(model.operationNames.joined(separator: ", ")))")
    }

    /// The standard message for a value of the wrong shape.
    static func badValue(_ operation: Operation, expected: String) -> ModelError {
        ModelError("\(operation.place): '\(operation.f)' expects \(expected), got \(operation.input)")
    }

    public var description: String { message }
}

/// The `[expected new]` value of a compare-and-set.
func compareAndSetPair(_ operation: Operation) throws(ModelError) -> (expected: HistoryValue, new: HistoryValue) {
    guard let pair = operation.input.elements, pair.count == 2 else {
        throw .badValue(operation, expected: "[expected new]")
    }
    return (pair[0], pair[1])
}
