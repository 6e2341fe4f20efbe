import FaultlineCore

/// Whether each fault applies to one connection or session, and the stages of those that do:
/// drawn once per fault, the first time it is asked, from a random stream of the connection's
/// own (so one connection's traffic never changes another's decisions). A toxicity of 0 never
/// applies and draws nothing. TCP connections and UDP sessions both build their stages here.
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

    /// The faults of `faults` that apply to `flow` of this connection, in order, each made into a
    /// stage by `make` with a random stream of its own, split by flow and fault name (so adding
    /// a fault changes no other fault's decisions). A fault `make` has no stage for is left out.
    mutating func stages<Stage>(_ faults: [FaultSpec], for flow: Flow,
                                _ make: (FaultSpec, SeededRandom) -> Stage?) -> [(type: FaultType, stage: Stage)] {
        let flowRandom = random.derived("flow:\(flow.rawValue)")
        return faults.filter { $0.direction.includes(flow) && applies($0) }.compactMap { fault in
            make(fault, flowRandom.derived("fault:\(fault.name)")).map { (fault.kind.type, $0) }
        }
    }
}
