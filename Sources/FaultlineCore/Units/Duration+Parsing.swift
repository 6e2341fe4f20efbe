/// Parsing and printing of durations as profiles write them: "250us", "150ms", "2s", "1.5m", "1h".
extension Duration {
    /// The units a duration may carry, with their length in nanoseconds.
    static let parsingUnits: [(names: [String], nanoseconds: UInt64)] = [
        (["ns"], 1),
        (["us", "µs"], 1_000),
        (["ms"], 1_000_000),
        (["s"], 1_000_000_000),
        (["m", "min"], 60_000_000_000),
        (["h"], 3_600_000_000_000),
    ]

    /// The longest duration accepted: 30 days. Longer ones are almost surely typos.
    public static let parsingLimit = Duration.seconds(30 * 24 * 3600)

    /// What valid text looks like, for error messages.
    public static let expectedSyntax = "a duration such as 250us, 150ms, 2s, 1.5m or 1h"

    /// Parses a non-negative duration with a unit. A bare `0` is accepted as zero.
    public init(parsing text: String) throws(ValueParseError) {
        guard let quantity = DecimalQuantity(text) else {
            throw ValueParseError(expected: Self.expectedSyntax, found: text)
        }
        if quantity.isNegative && !quantity.isZero {
            throw ValueParseError(expected: "a non-negative duration", found: text)
        }
        if quantity.unit.isEmpty {
            guard quantity.isZero else {
                throw ValueParseError(expected: Self.expectedSyntax, found: text, hint: "add a unit, e.g. \(text)ms")
            }
            self = .zero
            return
        }
        guard let unit = Self.parsingUnits.first(where: { $0.names.contains(String(quantity.unit)) }) else {
            throw ValueParseError(
                expected: Self.expectedSyntax, found: text,
                hint: "unknown unit '\(quantity.unit)'; units are ns, us, ms, s, m, h")
        }
        guard let nanoseconds = quantity.scaled(by: unit.nanoseconds),
              nanoseconds <= UInt64(Self.parsingLimit.nanoseconds)
        else {
            throw ValueParseError(
                expected: "a whole number of nanoseconds no longer than 30 days", found: text)
        }
        self = .nanoseconds(Int64(nanoseconds))
    }

    /// The whole nanoseconds of this duration (truncated), saturating at Int64's bounds.
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (fromSeconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (total, overflow2) = fromSeconds.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflow2 ? (seconds < 0 ? .min : .max) : total
    }

    /// The duration in seconds as a floating-point number.
    public var seconds: Double { Double(nanoseconds) / 1e9 }

    /// The shortest exact text in the profile syntax: 150ms, 2s, 1500us, 1.5m stays 90s.
    public var profileText: String {
        let nanoseconds = self.nanoseconds
        if nanoseconds == 0 { return "0s" }
        for (names, length) in Self.parsingUnits.reversed() where nanoseconds % Int64(length) == 0 {
            return "\(nanoseconds / Int64(length))\(names[0])"
        }
        return "\(nanoseconds)ns"
    }
}
