/// Stops all data and closes the connection `after` the fault applies; with `after` zero the
/// connection hangs until the fault is removed (Toxiproxy's timeout 0).
public struct Timeout: Hashable, Sendable {
    public var after: Duration

    public init(after: Duration = .zero) {
        self.after = after
    }
}
