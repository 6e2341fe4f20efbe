import FaultlineCore
import NIOCore

/// Passes the first `bytes` bytes, then closes the connection.
struct LimitDataStage: FaultStage {
    let limit: Int64
    private var passed: Int64 = 0
    private var closed = false

    init(_ fault: LimitData) {
        limit = fault.bytes.bytes
    }

    mutating func receive(_ data: ByteBuffer, at time: NIODeadline) -> [Emission] {
        guard !closed else { return [] }
        let allowed = Int(min(Int64(data.readableBytes), limit - passed))
        passed += Int64(allowed)
        guard passed >= limit else { return [.data(data, at: time)] }
        closed = true
        var emissions: [Emission] = []
        if allowed > 0, let head = data.getSlice(at: data.readerIndex, length: allowed) {
            emissions.append(.data(head, at: time))
        }
        return emissions + [.close(at: time)]
    }
}
