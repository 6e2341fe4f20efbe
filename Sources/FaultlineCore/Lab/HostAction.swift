/// A schedule step's change to one lab host's link: down or up, or its outgoing traffic shaped
/// by the kernel (a token bucket for bandwidth, netem for delay and loss), or unshaped again.
public struct HostAction: Hashable, Sendable, CustomStringConvertible {
    public enum Change: Hashable, Sendable {
        case link(up: Bool)
        /// Replaces the host's shaping; nil removes it.
        case shape(HostShaping?)
    }

    public var host: String
    public var change: Change

    public init(host: String, change: Change) {
        self.host = host
        self.change = change
    }

    /// What undoes the change: the link up again, the shaping removed.
    public var inverse: HostAction? {
        switch change {
        case .link(up: false): HostAction(host: host, change: .link(up: true))
        case .shape(.some): HostAction(host: host, change: .shape(nil))
        case .link(up: true), .shape(nil): nil
        }
    }

    public var description: String {
        switch change {
        case .link(let up): "link of host \(host) \(up ? "up" : "down")"
        case .shape(let shaping?): "shape host \(host): \(shaping)"
        case .shape(nil): "unshape host \(host)"
        }
    }
}

/// How the kernel shapes what a lab host sends.
public enum HostShaping: Hashable, Sendable, CustomStringConvertible {
    /// A token bucket filter at this rate.
    case bandwidth(ByteRate)
    /// The netem qdisc; needs a kernel with sch_netem.
    case netem(NetemSettings)

    public var description: String {
        switch self {
        case .bandwidth(let rate): "bandwidth \(rate)"
        case .netem(let settings): "netem \(settings)"
        }
    }
}

/// Netem's parameters, as `tc qdisc add ... netem` takes them.
public struct NetemSettings: Hashable, Sendable, CustomStringConvertible {
    public var delay: Duration
    public var jitter: Duration
    public var loss: Probability
    public var duplicate: Probability
    /// Share of packets sent at once, ahead of the delayed others.
    public var reorder: Probability
    public var corrupt: Probability

    public init(delay: Duration = .zero, jitter: Duration = .zero, loss: Probability = .never,
                duplicate: Probability = .never, reorder: Probability = .never, corrupt: Probability = .never) {
        self.delay = delay
        self.jitter = jitter
        self.loss = loss
        self.duplicate = duplicate
        self.reorder = reorder
        self.corrupt = corrupt
    }

    public var description: String {
        var parts: [String] = []
        if delay != .zero { parts.append("delay \(delay.profileText)" + (jitter == .zero ? "" : " ± \(jitter.profileText)")) }
        for (name, probability) in [("loss", loss), ("duplicate", duplicate), ("reorder", reorder), ("corrupt", corrupt)]
        where probability != .never {
            parts.append("\(name) \(probability)")
        }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }
}
