/// Limits the data rate with a token bucket.
public struct Bandwidth: Hashable, Sendable {
    public var rate: ByteRate

    public init(rate: ByteRate) {
        self.rate = rate
    }

    func problems() -> [FieldProblem] {
        rate.bytesPerSecond >= 1 ? [] : [FieldProblem(field: "rate", message: "must be at least 1B/s (8bit/s), got \(rate)")]
    }
}
