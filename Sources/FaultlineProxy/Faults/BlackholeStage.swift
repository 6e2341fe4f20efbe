import NIOCore

/// Discards all data; a close still passes.
struct BlackholeStage: FaultStage {
    mutating func receive(_ data: ByteBuffer, at time: NIODeadline) -> [Emission] { [] }
}
