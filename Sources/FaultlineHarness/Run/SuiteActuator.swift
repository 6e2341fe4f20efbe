import FaultlineCore
import FaultlineProxy

/// Carries out a suite's schedule: proxy actions as a profile's, and nemeses by drawing their
/// targets from the run's seed and turning them into partitions of the proxies between the
/// chosen nodes, or into operations on the nodes' processes.
actor SuiteActuator: ScheduleActuator {
    private let proxies: ProxyActuator
    private let nodes: NodeSupervisor
    private let names: [String]
    private let links: [String: ProxyLink]
    private var random: SeededRandom

    init(control: any ProxyControl, nodes: NodeSupervisor, names: [String], links: [String: ProxyLink], seed: UInt64) {
        proxies = ProxyActuator(control: control)
        self.nodes = nodes
        self.names = names
        self.links = links
        random = SeededRandom(seed: seed).derived("nemesis")
    }

    func perform(_ action: ScheduleAction) async throws -> Actuation {
        guard case .nemesis(let nemesis) = action else { return try await proxies.perform(action) }
        switch nemesis {
        case .partition(let shape, let mode):
            let grudge = shape.grudge(among: names, using: &random)
            let cut = grudge.proxyDirections(links: links)
            for (proxy, direction) in cut {
                try await proxies.control.partition(Partition(proxies: .named([proxy]), mode: mode, direction: direction))
            }
            let across = cut.map { "\($0.proxy) \($0.direction.rawValue)" }.joined(separator: ", ")
            return Actuation(description: "\(shape.keyword): \(grudge) (\(mode.rawValue): \(cut.isEmpty ? "no proxy" : across))",
                             undo: cut.isEmpty ? nil : .heal(.named(cut.map(\.proxy))))
        case .signal(let operation, let selection):
            let chosen = selection.choose(among: names, using: &random)
            for name in chosen { try await nodes.perform(operation, on: name) }
            return Actuation(description: "\(operation.rawValue) \(chosen.isEmpty ? "no node" : chosen.joined(separator: ", "))",
                             undo: operation.inverse.map { .nemesis(.signal($0, .named(chosen))) })
        }
    }
}
