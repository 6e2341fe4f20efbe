/// Delays the close (FIN) of a connection by `delay` after the data before it has passed.
public struct SlowClose: Hashable, Sendable {
    public var delay: Duration

    public init(delay: Duration) {
        self.delay = delay
    }
}
