/// A value that profiles and API requests write as text, such as "150ms" or "1MB/s".
public protocol TextParsable {
    /// What valid text looks like, for error messages.
    static var expectedSyntax: String { get }
    init(parsing text: String) throws(ValueParseError)
}

extension Duration: TextParsable {}
extension ByteCount: TextParsable {}
extension ByteRate: TextParsable {}
extension Probability: TextParsable {}
extension Endpoint: TextParsable {}
