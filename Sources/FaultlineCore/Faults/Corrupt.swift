/// Flips one random bit in a chunk or datagram with `probability`.
public struct Corrupt: Hashable, Sendable {
    public var probability: Probability

    public init(probability: Probability) {
        self.probability = probability
    }
}
