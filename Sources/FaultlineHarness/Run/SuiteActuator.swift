import FaultlineCore
import FaultlineLab
import FaultlineProxy

/// Carries out a suite's schedule: proxy actions as a profile's, nemeses by drawing their targets
/// from the run's seed and turning them into partitions (of the proxies between the chosen nodes,
/// and of the lab's links between their hosts) or into operations on the nodes' processes, and
/// lab steps on the lab's hosts.
actor SuiteActuator: ScheduleActuator {
    private let proxies: ProxyActuator
    private let nodes: NodeSupervisor
    private let names: [String]
    private let links: [String: ProxyLink]
    private let lab: Lab?
    /// The lab host of each node that runs in one.
    private let hosts: [String: String]
    private var random: SeededRandom

    /// Nemeses act on the nodes `names`; `links` are the proxies between them, `hosts` the lab
    /// host each node in `lab` runs in.
    init(control: any ProxyControl, nodes: NodeSupervisor, names: [String], links: [String: ProxyLink], lab: Lab? = nil,
         hosts: [String: String] = [:], seed: UInt64) {
        proxies = ProxyActuator(control: control)
        self.nodes = nodes
        self.names = names
        self.links = links
        self.lab = lab
        self.hosts = hosts
        random = SeededRandom(seed: seed).derived("nemesis")
    }

    func perform(_ action: ScheduleAction) async throws -> Actuation {
        switch action {
        case .nemesis(.partition(let shape, let mode)):
            let grudge = shape.grudge(among: names, using: &random)
            let cut = grudge.proxyDirections(links: links)
            for (proxy, direction) in cut {
                try await proxies.control.partition(Partition(proxies: .named([proxy]), mode: mode, direction: direction))
            }
            let hostCuts = hostGrudge(grudge)
            if let lab, !hostCuts.cuts.isEmpty { try await lab.cut(hostCuts, mode: mode) }
            var across = cut.map { "\($0.proxy) \($0.direction.rawValue)" }
            if !hostCuts.cuts.isEmpty { across.append("lab routes \(hostCuts)") }
            return Actuation(description: "\(shape.keyword): \(grudge) (\(mode.rawValue): \(across.isEmpty ? "nothing between them" : across.joined(separator: ", ")))",
                             undo: across.isEmpty ? nil : .nemesis(.heal(grudge)))
        case .nemesis(.heal(let grudge)):
            let cut = grudge.proxyDirections(links: links).map(\.proxy)
            if !cut.isEmpty { try await proxies.control.heal(.named(cut)) }
            if let lab { try await lab.heal(hostGrudge(grudge)) }
            return Actuation(description: action.description, undo: nil)
        case .nemesis(.signal(let operation, let selection)):
            let chosen = selection.choose(among: names, using: &random)
            for name in chosen { try await nodes.perform(operation, on: name) }
            return Actuation(description: "\(operation.rawValue) \(chosen.isEmpty ? "no node" : chosen.joined(separator: ", "))",
                             undo: operation.inverse.map { .nemesis(.signal($0, .named(chosen))) })
        case .lab(let hostAction):
            guard let lab else { return try await proxies.perform(action) }  // which refuses it: no lab
            try await lab.apply(hostAction)
            return Actuation(description: action.description, undo: hostAction.inverse.map { .lab($0) })
        default:
            return try await proxies.perform(action)
        }
    }

    /// A node grudge as cuts between the lab hosts the nodes run in (nodes outside the lab, and
    /// nodes sharing a host, have no lab link to cut).
    private func hostGrudge(_ grudge: Grudge) -> Grudge {
        Grudge(cuts: Set(grudge.cuts.compactMap { cut in
            guard let from = hosts[cut.from], let to = hosts[cut.to], from != to else { return nil }
            return Grudge.Cut(from: from, to: to)
        }))
    }
}
