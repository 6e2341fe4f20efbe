/// Reorders datagrams as tc-netem's `reorder ... gap` does: datagrams are held for `delay`, except
/// that after every `gap - 1` held ones the next is sent at once with `probability`, overtaking them.
public struct Reorder: Hashable, Sendable {
    public var probability: Probability
    public var correlation: Probability
    public var gap: Int
    public var delay: Duration

    public init(probability: Probability, correlation: Probability = .never, gap: Int = 1, delay: Duration) {
        self.probability = probability
        self.correlation = correlation
        self.gap = gap
        self.delay = delay
    }

    func problems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if gap < 1 { problems.append(FieldProblem(field: "gap", message: "must be at least 1, got \(gap)")) }
        if delay == .zero {
            problems.append(FieldProblem(
                field: "delay", message: "must be greater than 0: reordering works by holding the other datagrams"))
        }
        return problems
    }
}
