import FaultlineCore

/// Uniform draws where each depends on the previous one by `correlation`, as tc-netem's
/// `get_crandom` does: next = (1 - ρ)·fresh + ρ·previous.
struct CorrelatedRandom {
    private var random: SeededRandom
    private let correlation: Double
    private var previous: Double

    init(random: SeededRandom, correlation: Probability) {
        self.random = random
        self.correlation = correlation.value
        previous = 0
        previous = self.random.nextUnit()
    }

    /// A draw in [0, 1).
    mutating func next() -> Double {
        let fresh = random.nextUnit()
        guard correlation > 0 else { return fresh }
        previous = (1 - correlation) * fresh + correlation * previous
        return previous
    }

    /// An independent uniform draw, for choices that take no correlation (which bit to flip).
    mutating func independent() -> Double {
        random.nextUnit()
    }
}
