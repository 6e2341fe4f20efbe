import FaultlineCore
import NIOCore

/// Sends a datagram twice with the given probability, as tc-netem's `duplicate` does.
struct DuplicateStage: FaultStage {
    private let probability: Double
    private var random: CorrelatedRandom

    init(_ fault: Duplicate, random: SeededRandom) {
        probability = fault.probability.value
        self.random = CorrelatedRandom(random: random, correlation: fault.correlation)
    }

    mutating func receive(_ data: ByteBuffer, at time: NIODeadline) -> [Emission] {
        random.next() < probability ? [.data(data, at: time), .data(data, at: time)] : [.data(data, at: time)]
    }
}
