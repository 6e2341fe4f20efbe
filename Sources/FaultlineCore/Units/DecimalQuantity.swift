/// A non-negative decimal number followed by a unit, as in "1.5m" or "64 KiB".
///
/// Kept exact (digits and a decimal exponent) so that "0.1ms" is exactly 100 µs:
/// every unit type scales it with integer arithmetic and detects overflow.
struct DecimalQuantity {
    /// The digits without the decimal point: "1.25" is 125.
    var significand: UInt64
    /// How many of the digits stand after the decimal point: "1.25" has 2.
    var fractionDigits: Int
    var isNegative: Bool
    /// The unit text after the number, without surrounding spaces.
    var unit: Substring

    /// Splits `text` into number and unit; nil if it does not start with a number.
    init?(_ text: String) {
        var rest = text.trimmingSpaces()[...]
        isNegative = rest.first == "-"
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        var significand: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        while let character = rest.first {
            if character == ".", !seenPoint {
                seenPoint = true
            } else if let digit = character.wholeNumberValue, character.isASCII {
                let (times10, overflow1) = significand.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
                guard !overflow1, !overflow2 else { return nil }
                significand = sum
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else {
                break
            }
            rest = rest.dropFirst()
        }
        guard digits > 0 else { return nil }
        self.significand = significand
        self.fractionDigits = fractionDigits
        self.unit = rest.trimmingSpaces()
    }

    var isZero: Bool { significand == 0 }

    /// The quantity times `factor`, exactly, or nil when it is not a whole number or overflows.
    func scaled(by factor: UInt64) -> UInt64? {
        let (product, overflow) = significand.multipliedReportingOverflow(by: factor)
        guard !overflow else { return nil }
        var divisor: UInt64 = 1
        for _ in 0..<fractionDigits {
            let (next, overflow) = divisor.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            divisor = next
        }
        guard product % divisor == 0 else { return nil }
        return product / divisor
    }

    /// The quantity as a floating-point number (for rates, where exactness is not needed).
    var doubleValue: Double {
        var value = Double(significand)
        for _ in 0..<fractionDigits { value /= 10 }
        return isNegative ? -value : value
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> SubSequence {
        var result = self[...]
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
