import FaultlineHistory

/// Why a partition of a history is not linearizable, in terms a person can check by hand.
public struct Explanation: Sendable {
    /// One step of the longest linearization found: the operation and the state after it.
    public struct LinearizedStep: Sendable {
        public var operation: Operation
        public var step: String
        public var stateAfter: String
    }

    /// The key of the partition, for key-partitioned histories.
    public var key: HistoryValue?
    /// The operation that cannot be linearized: the search could not get past its completion.
    public var operation: Operation
    public var step: String
    /// The longest linearizable prefix found, in order.
    public var linearization: [LinearizedStep]
    /// The states the model could be in just before the failure, each with why the operation
    /// (or, where it is possible there, the operations that had to come before its completion)
    /// cannot follow.
    public var possibleStates: [(state: String, reason: String)]

    /// A short text for a one-line verdict: "process 3's read -> 2 (event 41, line 42)".
    public var headline: String {
        "process \(operation.process)'s \(step) (\(operation.place))"
    }
}
