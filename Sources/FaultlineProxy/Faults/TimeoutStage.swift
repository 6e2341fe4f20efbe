import FaultlineCore
import NIOCore

/// Lets nothing through, and closes the connection `after` it opened; with `after` zero the
/// connection just hangs (Toxiproxy's timeout).
struct TimeoutStage: FaultStage {
    let fault: Timeout

    mutating func open(at now: NIODeadline) -> [Emission] {
        fault.after > .zero ? [.close(at: now + .nanoseconds(fault.after.nanoseconds))] : []
    }

    mutating func receive(_ data: ByteBuffer, at time: NIODeadline) -> [Emission] { [] }

    mutating func endOfStream(at time: NIODeadline) -> [Emission] { [] }
}
