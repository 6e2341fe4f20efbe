import FaultlineCore
import NIOCore

/// Limits a flow of datagrams to `rate`, whole datagrams at a time: each leaves when the link
/// would have finished sending it. What exceeds the rate waits in a queue of `queueLimit` bytes;
/// beyond that, datagrams are dropped, as a router's full queue drops them.
struct PacketBandwidthStage: FaultStage {
    static let queueLimit = 1 << 20

    let bytesPerSecond: Double
    /// When the link finishes sending what it already has, in nanoseconds of uptime.
    private var busyUntil: Double = 0

    init(_ fault: Bandwidth) {
        bytesPerSecond = fault.rate.bytesPerSecond
    }

    mutating func receive(_ data: ByteBuffer, at time: NIODeadline) -> [Emission] {
        let now = Double(time.uptimeNanoseconds)
        busyUntil = max(busyUntil, now)
        let queuedBytes = (busyUntil - now) / 1e9 * bytesPerSecond
        guard queuedBytes + Double(data.readableBytes) <= Double(Self.queueLimit) else { return [] }
        busyUntil += Double(data.readableBytes) / bytesPerSecond * 1e9
        return [.data(data, at: .uptimeNanoseconds(UInt64(busyUntil)))]
    }
}
