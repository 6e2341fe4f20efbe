import Dispatch

/// Nearest-rank percentiles of a set of samples.
struct Percentiles {
    private let sorted: [Double]

    init(_ samples: [Double]) {
        sorted = samples.sorted()
    }

    /// The `percent`th percentile, or 0 when there are no samples.
    subscript(percent: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}

/// Monotonic time in microseconds.
func microsecondsNow() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) / 1_000
}
