import FaultlineCore

/// Whether each fault applies to one connection or session: drawn once per fault, the first
/// time it is asked, from a random stream of the connection's own (so one connection's traffic
/// never changes another's decisions). A toxicity of 0 never applies and draws nothing.
struct ToxicityDraws {
    private let random: SeededRandom
    private var drawn: [String: Bool] = [:]

    init(random: SeededRandom) {
        self.random = random
    }

    mutating func applies(_ fault: FaultSpec) -> Bool {
        if let applies = drawn[fault.name] { return applies }
        var draw = random.derived("toxicity:\(fault.name)")
        let applies = fault.toxicity.value > 0 && draw.chance(fault.toxicity)
        drawn[fault.name] = applies
        return applies
    }
}
