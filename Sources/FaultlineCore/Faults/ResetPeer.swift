/// Resets the connection (a real TCP RST) `after` the fault applies, or at the first data when zero.
public struct ResetPeer: Hashable, Sendable {
    public var after: Duration

    public init(after: Duration = .zero) {
        self.after = after
    }
}
