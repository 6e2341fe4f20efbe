/// Why a piece of user text is not a valid value: what was expected and what was found.
///
/// Carries no location: the caller that knows where the text came from (a profile
/// decoder, an API handler) attaches the file position or JSON field.
public struct ValueParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What a valid value looks like, e.g. "a duration such as 150ms, 2s or 1.5m".
    public var expected: String
    /// The offending text, as the user wrote it.
    public var found: String
    /// An optional hint, e.g. "did you mean 10%?".
    public var hint: String?

    public init(expected: String, found: String, hint: String? = nil) {
        self.expected = expected
        self.found = found
        self.hint = hint
    }

    public var description: String {
        let base = "expected \(expected), got '\(found)'"
        return hint.map { "\(base) (\($0))" } ?? base
    }
}
