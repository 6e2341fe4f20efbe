/// Delays each unit of data by `delay` plus a random jitter, as tc-netem's `delay` does.
public struct Latency: Hashable, Sendable {
    /// The shape of the jitter around `delay`, with tc-netem's names.
    public enum Distribution: String, CaseIterable, Hashable, Sendable {
        case uniform
        case normal
        case pareto
        case paretonormal
    }

    public var delay: Duration
    public var jitter: Duration
    public var distribution: Distribution
    /// How much each jitter draw depends on the previous one (tc-netem's correlation).
    public var correlation: Probability

    public init(delay: Duration, jitter: Duration = .zero, distribution: Distribution = .uniform,
                correlation: Probability = .never) {
        self.delay = delay
        self.jitter = jitter
        self.distribution = distribution
        self.correlation = correlation
    }
}
