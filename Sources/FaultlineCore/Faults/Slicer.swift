/// Cuts data into small writes of about `averageSize` bytes, `delay` apart.
public struct Slicer: Hashable, Sendable {
    public var averageSize: ByteCount
    /// Each slice is `averageSize` plus or minus a uniform draw up to this.
    public var sizeVariation: ByteCount
    public var delay: Duration

    public init(averageSize: ByteCount, sizeVariation: ByteCount = ByteCount(bytes: 0), delay: Duration = .zero) {
        self.averageSize = averageSize
        self.sizeVariation = sizeVariation
        self.delay = delay
    }

    func problems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if averageSize.bytes < 1 {
            problems.append(FieldProblem(field: "average_size", message: "must be at least 1B"))
        }
        if sizeVariation >= averageSize, averageSize.bytes >= 1 {
            problems.append(FieldProblem(
                field: "size_variation",
                message: "must be smaller than average_size (\(averageSize)), got \(sizeVariation)"))
        }
        return problems
    }
}
