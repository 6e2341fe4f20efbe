import FaultlineControl
import FaultlineCore
import FaultlineProxy
import Foundation

/// A suite's proxies wherever they run: in this process, or on agents (Faultline servers on
/// other machines, reached through their control API). The schedule acts on all of them through
/// this one `ProxyControl`; `all` means the suite's proxies, never an agent's others.
actor SuiteProxies: ProxyControl {
    private let local: ProxyRegistry
    private let agents: [String: RemoteProxyControl]
    /// The agent of each remote proxy.
    private let placements: [String: String]
    /// Remote proxies created so far, to be deleted at the end.
    private var created: [String] = []

    /// Connects to the suite's agents; a token file is read relative to `directory` (the suite's).
    init(suite: Suite, local: ProxyRegistry, directory: String) throws {
        self.local = local
        placements = suite.placements
        var agents: [String: RemoteProxyControl] = [:]
        for (name, agent) in suite.agents {
            let token = try agent.tokenFile.map { file in
                let path = file.hasPrefix("/") ? file : directory + "/" + file
                return try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            agents[name] = RemoteProxyControl(client: try ControlClient(url: agent.url, token: token))
        }
        self.agents = agents
    }

    /// Creates every proxy where it runs.
    func create(_ specs: [ProxySpec]) async throws {
        for spec in specs {
            guard let agent = placements[spec.name], let remote = agents[agent] else {
                try await local.create(spec)
                continue
            }
            do {
                try await remote.create(spec)
            } catch {
                throw SuiteRunner.RunError(description: "agent \(agent) could not create proxy \(spec.name): \(error)")
            }
            created.append(spec.name)
        }
    }

    /// Deletes the remote proxies and stops the local ones; a remote failure is logged, not thrown.
    func shutdown(log: @Sendable (String) -> Void) async {
        for proxy in created.reversed() {
            do {
                try await owner(of: proxy).delete(proxy)
            } catch {
                log("could not delete proxy \(proxy) from agent \(placements[proxy] ?? "?"): \(error)")
            }
        }
        created = []
        await local.shutdown()
    }

    func partition(_ partition: Partition) async throws {
        for (control, selection) in split(partition.proxies) {
            try await control.partition(Partition(proxies: selection, mode: partition.mode, direction: partition.direction))
        }
    }

    func heal(_ proxies: ProxySelection) async throws {
        for (control, selection) in split(proxies) { try await control.heal(selection) }
    }

    func setEnabled(_ proxies: ProxySelection, _ enabled: Bool) async throws {
        for (control, selection) in split(proxies) { try await control.setEnabled(selection, enabled) }
    }

    func addFault(_ fault: FaultSpec, to proxy: String) async throws { try await control(of: proxy).addFault(fault, to: proxy) }

    func removeFault(named name: String, from proxy: String) async throws {
        try await control(of: proxy).removeFault(named: name, from: proxy)
    }

    func setFaults(_ faults: [FaultSpec], of proxy: String) async throws { try await control(of: proxy).setFaults(faults, of: proxy) }

    func faults(of proxy: String) async throws -> [FaultSpec] { try await control(of: proxy).faults(of: proxy) }

    // MARK: -

    private func control(of proxy: String) -> any ProxyControl {
        placements[proxy].flatMap { agents[$0] } ?? local
    }

    private func owner(of proxy: String) throws -> RemoteProxyControl {
        guard let remote = placements[proxy].flatMap({ agents[$0] }) else {
            throw SuiteRunner.RunError(description: "proxy \(proxy) runs on no agent")
        }
        return remote
    }

    /// Which proxies of a selection each place has: all local ones and each agent's own for `all`.
    private func split(_ selection: ProxySelection) -> [(any ProxyControl, ProxySelection)] {
        switch selection {
        case .all:
            let remote = Dictionary(grouping: created) { placements[$0] ?? "" }
            return [(local, .all)] + remote.sorted { $0.key < $1.key }.compactMap { agent, names in
                agents[agent].map { ($0, .named(names)) }
            }
        case .named(let names):
            let byAgent = Dictionary(grouping: names) { placements[$0] ?? "" }
            return byAgent.sorted { $0.key < $1.key }.map { agent, names in
                (agents[agent] ?? local, .named(names))
            }
        }
    }
}
