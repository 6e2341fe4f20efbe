/// Waits `delay` after accepting a client before dialling the upstream.
public struct ConnectDelay: Hashable, Sendable {
    public var delay: Duration

    public init(delay: Duration) {
        self.delay = delay
    }
}
