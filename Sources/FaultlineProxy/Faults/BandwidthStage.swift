import FaultlineCore
import NIOCore

/// Limits a flow to `rate`: each byte leaves when the link would have finished sending it.
/// Chunks are cut into pieces of about 10 ms of traffic, so the bytes flow evenly instead of a
/// large chunk arriving all at once after a long wait.
struct BandwidthStage: FaultStage {
    let bytesPerSecond: Double
    let pieceSize: Int
    /// When the link finishes sending what it already has, in nanoseconds of uptime.
    private var busyUntil: Double = 0

    init(_ fault: Bandwidth) {
        bytesPerSecond = fault.rate.bytesPerSecond
        pieceSize = Int(min(max(1, bytesPerSecond / 100), 64 * 1024))
    }

    mutating func receive(_ data: ByteBuffer, at time: NIODeadline) -> [Emission] {
        var remaining = data
        var emissions: [Emission] = []
        busyUntil = max(busyUntil, Double(time.uptimeNanoseconds))
        while remaining.readableBytes > 0, let piece = remaining.readSlice(length: min(pieceSize, remaining.readableBytes)) {
            busyUntil += Double(piece.readableBytes) / bytesPerSecond * 1e9
            emissions.append(.data(piece, at: .uptimeNanoseconds(UInt64(busyUntil))))
        }
        return emissions
    }

    mutating func endOfStream(at time: NIODeadline) -> [Emission] {
        [.endOfStream(at: max(time, .uptimeNanoseconds(UInt64(busyUntil))))]
    }
}
