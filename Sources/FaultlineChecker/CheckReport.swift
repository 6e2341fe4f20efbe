import FaultlineHistory

/// The checker's answer for a whole history.
public struct CheckReport: Sendable {
    public enum Verdict: String, Sendable {
        case linearizable
        case notLinearizable = "not-linearizable"
        /// A time or memory limit was reached before an answer.
        case unknown
    }

    public var verdict: Verdict
    public var model: String
    /// Operations checked (ok, info and never completed); failed ones are not counted.
    public var operations: Int
    public var failedOperations: Int
    public var processes: Int
    public var partitions: Int
    public var statesExplored: Int
    public var elapsed: Duration
    /// One explanation per violating partition, in key order (only the first with `firstFailure`).
    public var violations: [Explanation]
    /// The keys of partitions whose search gave up, with the reason.
    public var unknownPartitions: [(key: HistoryValue?, reason: String)]

    /// "not-linearizable: 170 operations, 5 processes, 1 partition, 2,394 states explored, 12.3 ms".
    public var summary: String {
        let milliseconds = Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15
        var text = "\(verdict.rawValue) (\(model)): \(operations) operations"
        if failedOperations > 0 { text += " (+\(failedOperations) failed)" }
        text += ", \(processes) processes, \(partitions) \(partitions == 1 ? "partition" : "partitions")"
        text += ", \(statesExplored) states explored, \((milliseconds * 10).rounded() / 10) ms"
        return text
    }
}
