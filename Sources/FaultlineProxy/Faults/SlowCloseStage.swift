import FaultlineCore
import NIOCore

/// Passes data at once but holds the close (FIN) back for `delay`.
struct SlowCloseStage: FaultStage {
    let fault: SlowClose

    mutating func receive(_ data: ByteBuffer, at time: NIODeadline) -> [Emission] {
        [.data(data, at: time)]
    }

    mutating func endOfStream(at time: NIODeadline) -> [Emission] {
        [.endOfStream(at: time + .nanoseconds(fault.delay.nanoseconds))]
    }
}
