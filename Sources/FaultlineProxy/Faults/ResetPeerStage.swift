import FaultlineCore
import NIOCore

/// Resets the connection (a real RST) `after` it opened, or at its first data when `after` is zero.
struct ResetPeerStage: FaultStage {
    let fault: ResetPeer
    private var hasReset = false

    init(_ fault: ResetPeer) {
        self.fault = fault
    }

    mutating func open(at now: NIODeadline) -> [Emission] {
        guard fault.after > .zero else { return [] }
        hasReset = true
        return [.reset(at: now + .nanoseconds(fault.after.nanoseconds))]
    }

    mutating func receive(_ data: ByteBuffer, at time: NIODeadline) -> [Emission] {
        if hasReset { return [.data(data, at: time)] }
        hasReset = true
        return [.reset(at: time)]
    }
}
