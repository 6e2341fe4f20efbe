import FaultlineCore
import NIOCore

/// Reorders datagrams as tc-netem's `reorder ... gap` does: datagrams are held for `delay`,
/// except that once `gap - 1` have been held in a row, each next one is sent at once with the
/// given probability (which starts the count again), overtaking those still held. The share
/// sent at once is P / (1 + (gap - 1)·P).
struct ReorderStage: FaultStage {
    private let fault: Reorder
    private var random: CorrelatedRandom
    private var heldInARow = 0

    init(_ fault: Reorder, random: SeededRandom) {
        self.fault = fault
        self.random = CorrelatedRandom(random: random, correlation: fault.correlation)
    }

    mutating func receive(_ data: ByteBuffer, at time: NIODeadline) -> [Emission] {
        if heldInARow >= fault.gap - 1, random.next() < fault.probability.value {
            heldInARow = 0
            return [.data(data, at: time)]
        }
        heldInARow += 1
        return [.data(data, at: time + .nanoseconds(fault.delay.nanoseconds))]
    }
}
