/// When a search must give up and answer `unknown` rather than hang or exhaust memory.
public struct SearchLimits: Sendable {
    /// The moment to stop; nil for no time limit.
    public var deadline: ContinuousClock.Instant?
    /// The bytes the memoization cache of one search may hold.
    public var memoryBytes: Int

    public init(deadline: ContinuousClock.Instant? = nil, memoryBytes: Int = 1 << 30) {
        self.deadline = deadline
        self.memoryBytes = memoryBytes
    }
}
