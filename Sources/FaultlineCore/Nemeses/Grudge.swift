/// Which node-to-node traffic a partition cuts: a set of directed cuts, "traffic from A toward B
/// is dropped". Jepsen calls this a grudge; a symmetric partition cuts both directions.
public struct Grudge: Hashable, Sendable, CustomStringConvertible {
    /// Traffic from `from` toward `to` is cut.
    public struct Cut: Hashable, Sendable, Comparable {
        public var from: String
        public var to: String

        public init(from: String, to: String) {
            self.from = from
            self.to = to
        }

        public static func < (lhs: Cut, rhs: Cut) -> Bool { (lhs.from, lhs.to) < (rhs.from, rhs.to) }
    }

    public var cuts: Set<Cut>
    /// The groups that cannot reach each other, when the grudge is a complete partition of them.
    public private(set) var components: [[String]]?

    public init(cuts: Set<Cut>) {
        self.cuts = cuts
        components = nil
    }

    /// Every node cut off, both ways, from every node of the other components.
    public init(components: [[String]]) {
        var cuts: Set<Cut> = []
        for (index, component) in components.enumerated() {
            for other in components[(index + 1)...] {
                for a in component {
                    for b in other {
                        cuts.insert(Cut(from: a, to: b))
                        cuts.insert(Cut(from: b, to: a))
                    }
                }
            }
        }
        self.cuts = cuts
        self.components = components.filter { !$0.isEmpty }
    }

    /// Over nodes in ring order: each window of a majority of consecutive nodes lets its middle
    /// node hear only the others of that window. Every node sees a majority, no two the same one.
    public static func majoritiesRing(_ ring: [String]) -> Grudge {
        let count = ring.count
        let majority = count / 2 + 1
        var cuts: Set<Cut> = []
        for start in ring.indices {
            let window = (0..<majority).map { ring[(start + $0) % count] }
            let middle = window[window.count / 2]
            for node in ring where !window.contains(node) {
                cuts.insert(Cut(from: node, to: middle))
            }
        }
        return Grudge(cuts: cuts)
    }

    /// The nodes split in two halves (the first the smaller) that cannot talk to each other,
    /// except the first node of the second half, which talks to everyone.
    public static func bridge(_ nodes: [String]) -> Grudge {
        let half = nodes.count / 2
        guard half < nodes.count else { return Grudge(cuts: []) }
        let bridge = nodes[half]
        let halves = Grudge(components: [Array(nodes[..<half]), Array(nodes[half...])])
        return Grudge(cuts: halves.cuts.filter { $0.from != bridge && $0.to != bridge })
    }

    /// The partitions of proxies that carry the grudge out: a proxy that links `from` to `to`
    /// (its clients are on `from`) is cut upstream when traffic from→to is cut, downstream when
    /// to→from is, both ways when both are. Proxies without both ends are not between nodes.
    public func proxyDirections(links: [String: ProxyLink]) -> [(proxy: String, direction: Direction)] {
        links.sorted { $0.key < $1.key }.compactMap { proxy, link in
            guard let from = link.from, let to = link.to else { return nil }
            let forward = cuts.contains(Cut(from: from, to: to))
            let backward = cuts.contains(Cut(from: to, to: from))
            switch (forward, backward) {
            case (true, true): return (proxy, .both)
            case (true, false): return (proxy, .upstream)
            case (false, true): return (proxy, .downstream)
            case (false, false): return nil
            }
        }
    }

    /// "n1, n2 | n3, n4, n5" for a complete partition, else the cuts: "n1 -> n3, n2 -> n3".
    public var description: String {
        if let components { return components.map { $0.joined(separator: ", ") }.joined(separator: " | ") }
        if cuts.isEmpty { return "nothing cut" }
        return cuts.sorted().map { "\($0.from) -> \($0.to)" }.joined(separator: ", ")
    }
}
