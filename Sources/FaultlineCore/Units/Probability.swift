/// A probability in 0...1, written as a fraction (0.05) or a percentage ("5%").
public struct Probability: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let value: Double

    public static let never = Probability(uncheckedValue: 0)
    public static let always = Probability(uncheckedValue: 1)

    private init(uncheckedValue: Double) {
        value = uncheckedValue
    }

    /// A probability from a fraction in 0...1.
    public init(_ value: Double) throws(ValueParseError) {
        guard value.isFinite, (0...1).contains(value) else {
            let hint = value > 1 && value <= 100 ? "did you mean \(Self.trimmed(value))%?" : nil
            throw ValueParseError(expected: Self.expectedSyntax, found: Self.trimmed(value), hint: hint)
        }
        self.value = value
    }

    /// What valid text looks like, for error messages.
    public static let expectedSyntax = "a probability between 0 and 1, or a percentage such as 5%"

    /// Parses "5%", "0.05" or "1".
    public init(parsing text: String) throws(ValueParseError) {
        let trimmed = text.trimmingSpaces()
        if trimmed.hasSuffix("%") {
            guard let percent = Double(trimmed.dropLast().trimmingSpaces()), percent.isFinite,
                  (0...100).contains(percent)
            else {
                throw ValueParseError(expected: "a percentage from 0% to 100%", found: text)
            }
            self.init(uncheckedValue: percent / 100)
        } else {
            guard let fraction = Double(trimmed) else {
                throw ValueParseError(expected: Self.expectedSyntax, found: text)
            }
            try self.init(fraction)
        }
    }

    public static func < (lhs: Probability, rhs: Probability) -> Bool { lhs.value < rhs.value }

    public var description: String { "\(Self.trimmed(value * 100))%" }

    private static func trimmed(_ value: Double) -> String {
        let rounded = (value * 1e9).rounded() / 1e9
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : String(rounded)
    }
}
