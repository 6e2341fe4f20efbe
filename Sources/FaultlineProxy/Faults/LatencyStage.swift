import FaultlineCore
import NIOCore

/// Delays each chunk or datagram by `delay` plus jitter drawn from the distribution. Each delay
/// counts from the unit's own arrival, so delays do not pile up. On a stream a chunk never
/// overtakes the one before it, since a TCP stream has one order; datagrams may, as with netem.
struct LatencyStage: FaultStage {
    let fault: Latency
    var random: CorrelatedRandom
    private let keepsOrder: Bool
    private var lastDeparture = NIODeadline.uptimeNanoseconds(0)

    init(_ fault: Latency, random: SeededRandom, keepsOrder: Bool = true) {
        self.fault = fault
        self.random = CorrelatedRandom(random: random, correlation: fault.correlation)
        self.keepsOrder = keepsOrder
    }

    /// The delay for the next unit, never negative.
    mutating func nextDelay() -> TimeAmount {
        var nanoseconds = Double(fault.delay.nanoseconds)
        if fault.jitter > .zero {
            nanoseconds += Double(fault.jitter.nanoseconds) * fault.distribution.offset(uniform: random.next(),
                                                                                       second: random.independent())
        }
        return .nanoseconds(Int64(max(0, nanoseconds)))
    }

    mutating func receive(_ data: ByteBuffer, at time: NIODeadline) -> [Emission] {
        guard keepsOrder else { return [.data(data, at: time + nextDelay())] }
        lastDeparture = max(time + nextDelay(), lastDeparture)
        return [.data(data, at: lastDeparture)]
    }

    mutating func endOfStream(at time: NIODeadline) -> [Emission] {
        lastDeparture = max(time + nextDelay(), lastDeparture)
        return [.endOfStream(at: lastDeparture)]
    }
}
