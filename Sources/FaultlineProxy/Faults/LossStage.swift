import FaultlineCore
import NIOCore

/// Drops datagrams as tc-netem's `loss` does: each on its own (Bernoulli, optionally
/// correlated), or in bursts (Gilbert-Elliott, in netem's order: the state moves first, and the
/// loss is drawn with the odds of the state the datagram found).
struct LossStage: FaultStage {
    private let loss: Loss
    private var random: CorrelatedRandom
    private var isBad = false

    init(_ loss: Loss, random: SeededRandom) {
        self.loss = loss
        let correlation: Probability = if case .bernoulli(_, let correlation) = loss { correlation } else { .never }
        self.random = CorrelatedRandom(random: random, correlation: correlation)
    }

    mutating func receive(_ data: ByteBuffer, at time: NIODeadline) -> [Emission] {
        isLost() ? [] : [.data(data, at: time)]
    }

    mutating func isLost() -> Bool {
        switch loss {
        case .bernoulli(let probability, _):
            return random.next() < probability.value
        case .gilbertElliott(let p, let r, let h, let k):
            let wasBad = isBad
            if random.independent() < (wasBad ? r.value : p.value) { isBad.toggle() }
            return random.independent() < (wasBad ? 1 - h.value : 1 - k.value)
        }
    }
}
