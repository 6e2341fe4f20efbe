import FaultlineCore

/// Collects the problems found while decoding one document, so that all of them are reported
/// rather than only the first.
///
/// A reference type on purpose: the readers of nested mappings all append to the same log.
/// It is used by one decode at a time and never shared across threads.
public final class DiagnosticLog {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public func report(_ message: String, at location: SourceLocation, path: ConfigPath) {
        diagnostics.append(Diagnostic(location: location, path: path.description, message: message))
    }

    public var isEmpty: Bool { diagnostics.isEmpty }

    /// Throws the collected problems, in source order, if there are any.
    public func throwIfAny() throws(DiagnosticList) {
        guard !diagnostics.isEmpty else { return }
        let order = { (entry: (offset: Int, element: Diagnostic)) in
            (entry.element.location?.line ?? 0, entry.element.location?.column ?? 0, entry.offset)
        }
        throw DiagnosticList(diagnostics.enumerated().sorted { order($0) < order($1) }.map(\.element))
    }
}
