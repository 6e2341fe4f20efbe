/// An invocation paired with its completion: what the checker works on.
public struct Operation: Hashable, Sendable {
    /// Dense, from 0, in invocation order.
    public var id: Int
    public var process: Int
    public var f: String
    /// The value given at invocation.
    public var input: HistoryValue
    /// The value of an ok completion; nil when the outcome is unknown.
    public var output: HistoryValue?
    public var outcome: Outcome
    public var key: HistoryValue?
    /// Index of the invoke event and of the completion (nil for an operation that never completed).
    public var invokeIndex: Int
    public var completionIndex: Int?
    public var invokeTime: Int64?
    public var completionTime: Int64?
    public var line: Int?

    /// How the operation ended, as far as the checker cares (`fail` operations are dropped).
    public enum Outcome: String, Hashable, Sendable {
        case ok
        /// Ended `info`, or never completed: may take effect after invocation, or never.
        case unknown
    }

    public init(id: Int, process: Int, f: String, input: HistoryValue, output: HistoryValue?, outcome: Outcome,
                key: HistoryValue? = nil, invokeIndex: Int, completionIndex: Int?, invokeTime: Int64? = nil,
                completionTime: Int64? = nil, line: Int? = nil) {
        self.id = id
        self.process = process
        self.f = f
        self.input = input
        self.output = output
        self.outcome = outcome
        self.key = key
        self.invokeIndex = invokeIndex
        self.completionIndex = completionIndex
        self.invokeTime = invokeTime
        self.completionTime = completionTime
        self.line = line
    }

    /// Where the operation is, for messages.
    public var place: String { describePlace(index: invokeIndex, line: line) }
}
