/// One problem in a user's input, with where it is: file position and key path (or JSON field).
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation?
    /// The key path to the offending value, e.g. `proxies[0].faults[1].delay`; empty for the document.
    public var path: String
    public var message: String

    public init(location: SourceLocation?, path: String, message: String) {
        self.location = location
        self.path = path
        self.message = message
    }

    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        let key = path.isEmpty ? "" : "\(path): "
        return "\(place)error: \(key)\(message)"
    }
}

/// All the problems found in one input, in source order; thrown when any is found.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
