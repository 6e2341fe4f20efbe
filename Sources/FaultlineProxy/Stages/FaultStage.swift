import NIOCore

/// One fault acting on one flow of one connection, as a pure state machine.
///
/// Given data, the time it arrived and the stage's own random stream, a stage answers what to
/// emit and when: now, later, never, in pieces, or a close or reset of the connection. It
/// never touches channels, event loops or clocks (the relay link does), so a test drives it
/// with made-up times in a few lines, and the same stage can serve any transport.
public protocol FaultStage {
    /// The connection opened at `now`: timers that do not depend on data (e.g. reset after 2 s).
    mutating func open(at now: NIODeadline) -> [Emission]
    /// Data arrived (from the sender, or from the stage before this one) at `time`.
    mutating func receive(_ data: ByteBuffer, at time: NIODeadline) -> [Emission]
    /// The sender finished (FIN) at `time`.
    mutating func endOfStream(at time: NIODeadline) -> [Emission]
}

extension FaultStage {
    public mutating func open(at now: NIODeadline) -> [Emission] { [] }
    public mutating func endOfStream(at time: NIODeadline) -> [Emission] { [.endOfStream(at: time)] }
}
