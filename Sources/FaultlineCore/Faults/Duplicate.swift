/// Sends a datagram twice with `probability`, as tc-netem's `duplicate` does.
public struct Duplicate: Hashable, Sendable {
    public var probability: Probability
    public var correlation: Probability

    public init(probability: Probability, correlation: Probability = .never) {
        self.probability = probability
        self.correlation = correlation
    }
}
