import FaultlineCore

extension FaultSpec {
    /// The fault's parameters in the profile language, in the order the docs list them: what
    /// `decode` reads back into the same fault (with `type`, `name`, `direction`, `toxicity`).
    public var parameters: [(key: String, value: String)] {
        switch kind {
        case .latency(let latency):
            [("delay", latency.delay.profileText), ("jitter", latency.jitter.profileText),
             ("distribution", latency.distribution.rawValue), ("correlation", latency.correlation.description)]
        case .bandwidth(let bandwidth): [("rate", bandwidth.rate.description)]
        case .slowClose(let slowClose): [("delay", slowClose.delay.profileText)]
        case .timeout(let timeout): [("after", timeout.after.profileText)]
        case .resetPeer(let resetPeer): [("after", resetPeer.after.profileText)]
        case .slicer(let slicer):
            [("average_size", slicer.averageSize.description), ("size_variation", slicer.sizeVariation.description),
             ("delay", slicer.delay.profileText)]
        case .limitData(let limit): [("bytes", limit.bytes.description)]
        case .connectDelay(let connect): [("delay", connect.delay.profileText)]
        case .blackhole, .reject, .noop: []
        case .loss(.bernoulli(let probability, let correlation)):
            [("model", Loss.Model.bernoulli.rawValue), ("probability", probability.description),
             ("correlation", correlation.description)]
        case .loss(.gilbertElliott(let p, let r, let h, let k)):
            [("model", Loss.Model.gilbertElliott.rawValue), ("p", p.description), ("r", r.description),
             ("h", h.description), ("k", k.description)]
        case .duplicate(let duplicate):
            [("probability", duplicate.probability.description), ("correlation", duplicate.correlation.description)]
        case .reorder(let reorder):
            [("probability", reorder.probability.description), ("correlation", reorder.correlation.description),
             ("gap", String(reorder.gap)), ("delay", reorder.delay.profileText)]
        case .corrupt(let corrupt): [("probability", corrupt.probability.description)]
        }
    }
}
