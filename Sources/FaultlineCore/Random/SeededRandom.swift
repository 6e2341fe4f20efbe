/// The one random generator every random decision in Faultline draws from.
///
/// Deterministic: the same seed gives the same sequence on every platform. `derived(_:)` splits
/// off independent streams (per proxy, per connection) that depend only on the seed and the
/// label, never on how much of the parent was consumed, so one connection's traffic cannot
/// change another's decisions. The algorithm is xoshiro256** seeded through SplitMix64.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    /// The seed this stream was made from.
    public let seed: UInt64
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        self.seed = seed
        var mixer = seed
        state = (Self.splitMix(&mixer), Self.splitMix(&mixer), Self.splitMix(&mixer), Self.splitMix(&mixer))
    }

    /// An independent stream named by `label`, e.g. "proxy:redis" then "connection:17".
    public func derived(_ label: String) -> SeededRandom {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a, stable across processes unlike Hasher
        for byte in label.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        var mixer = seed ^ hash
        return SeededRandom(seed: Self.splitMix(&mixer))
    }

    public mutating func next() -> UInt64 {
        let result = Self.rotateLeft(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = Self.rotateLeft(state.3, 45)
        return result
    }

    /// A uniform draw from [0, 1) with 53 bits of precision.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with the given probability; consumes one draw whatever the probability, so that
    /// changing a probability does not shift the decisions that follow.
    public mutating func chance(_ probability: Probability) -> Bool {
        nextUnit() < probability.value
    }

    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    private static func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}
