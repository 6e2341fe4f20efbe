import FaultlineCore

/// How to read one scalar value (a duration, a rate, a name, ...) and what to say when it is wrong.
public struct ScalarDecoder<Value> {
    /// What a valid value looks like, for messages about a missing or non-scalar value.
    public let expected: String
    public let parse: (_ text: String, _ plain: Bool) throws(ValueParseError) -> Value

    public init(expected: String, parse: @escaping (_ text: String, _ plain: Bool) throws(ValueParseError) -> Value) {
        self.expected = expected
        self.parse = parse
    }
}

extension ScalarDecoder where Value == String {
    public static var string: Self { Self(expected: "a string") { text, _ in text } }

    /// A name usable in URLs and on the command line: letters, digits, '-', '_', '.'.
    public static var name: Self {
        Self(expected: "a name of letters, digits, '-', '_' or '.'") { text, _ throws(ValueParseError) in
            guard !text.isEmpty, text.count <= 128,
                  text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
            else {
                throw ValueParseError(expected: "a name of letters, digits, '-', '_' or '.' (at most 128)", found: text)
            }
            return text
        }
    }

    /// One of `names` (e.g. the proxies a profile defines), suggesting the nearest on a typo.
    public static func member(of names: [String], noun: String) -> Self {
        Self(expected: "the name of a \(noun)") { text, _ throws(ValueParseError) in
            guard names.contains(text) else {
                let known = names.isEmpty ? "none is defined" : "defined: \(names.joined(separator: ", "))"
                let hint = nearest(to: text, in: names).map { "did you mean '\($0)'? \(known)" } ?? known
                throw ValueParseError(expected: "the name of a \(noun)", found: text, hint: hint)
            }
            return text
        }
    }
}

extension ScalarDecoder where Value == Bool {
    public static var bool: Self {
        Self(expected: "true or false") { text, _ throws(ValueParseError) in
            switch text {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default: throw ValueParseError(expected: "true or false", found: text)
            }
        }
    }
}

extension ScalarDecoder where Value == Int {
    public static func integer(in range: ClosedRange<Int>) -> Self {
        let expectation = "a whole number from \(range.lowerBound) to \(range.upperBound)"
        return Self(expected: expectation) { text, _ throws(ValueParseError) in
            guard let value = Int(text), range.contains(value) else {
                throw ValueParseError(expected: expectation, found: text)
            }
            return value
        }
    }
}

extension ScalarDecoder where Value == UInt64 {
    public static var seed: Self {
        Self(expected: "a whole number from 0 to 18446744073709551615") { text, _ throws(ValueParseError) in
            guard let value = UInt64(text) else {
                throw ValueParseError(expected: "a whole number from 0 to 18446744073709551615", found: text)
            }
            return value
        }
    }
}

extension ScalarDecoder where Value: TextParsable {
    /// A value in its text syntax, e.g. a duration or a rate.
    public static var parsed: Self {
        Self(expected: Value.expectedSyntax) { text, _ throws(ValueParseError) in try Value(parsing: text) }
    }
}

extension ScalarDecoder {
    public static var duration: ScalarDecoder<Duration> { .parsed }
    public static var byteCount: ScalarDecoder<ByteCount> { .parsed }
    public static var rate: ScalarDecoder<ByteRate> { .parsed }
    public static var probability: ScalarDecoder<Probability> { .parsed }
    public static var endpoint: ScalarDecoder<Endpoint> { .parsed }
}

extension ScalarDecoder where Value: CaseIterable & RawRepresentable, Value.RawValue == String {
    /// One of the enumeration's names, suggesting the nearest on a typo.
    public static var choice: Self {
        let names = Value.allCases.map(\.rawValue)
        let expectation = "one of \(names.joined(separator: ", "))"
        return Self(expected: expectation) { text, _ throws(ValueParseError) in
            guard let value = Value(rawValue: text) else {
                throw ValueParseError(expected: expectation, found: text,
                                      hint: nearest(to: text, in: names).map { "did you mean '\($0)'?" })
            }
            return value
        }
    }
}
