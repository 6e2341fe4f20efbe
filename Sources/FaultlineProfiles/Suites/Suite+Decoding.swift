import FaultlineCore

extension Suite {
    /// Parses and validates a suite: a profile (seed, proxies, schedule) plus `name`, `nodes`,
    /// `workload`, `checker` and `expect`, every problem located as in a profile. Placeholders
    /// take the port `port` gives each node ("node.NAME") and proxy ("proxy.NAME"): free ports
    /// when running; without it, made-up distinct ones, enough to validate.
    public init(text: String, file: String, port: ((String) -> UInt16)? = nil) throws(DiagnosticList) {
        let parsed = try ConfigDocument.parse(text, file: file)
        let log = DiagnosticLog()
        let names = Self.entryNames(parsed)
        let ports = names.enumerated().map { index, name in (name, port?(name) ?? UInt16(1 + index)) }
        var placeholders = Placeholders(ports: Dictionary(uniqueKeysWithValues: ports), log: log)
        let lab = Self.section("lab", of: parsed).flatMap { LabSpec.decode($0, at: .root / "lab", log: log) }
        let nodeHosts = Self.nodeHosts(parsed)
        for host in lab?.hosts ?? [] { placeholders.addresses["host.\(host.name)"] = host.address.description }
        for (node, host) in nodeHosts { placeholders.addresses["node.\(node)"] = lab?.host(named: host)?.address.description }
        var links: [String: ProxyLink] = [:]
        var placements: [String: String] = [:]
        var linkPlaces: [String: (SourceLocation, ConfigPath)] = [:]
        let root = Self.prepare(parsed, placeholders: placeholders, links: &links, placements: &placements, places: &linkPlaces)
        guard var fields = MappingReader(root, at: .root, describing: "a suite", log: log) else {
            throw DiagnosticList(log.diagnostics)
        }
        fields.allow("lab")
        let labHosts = lab?.hosts.map(\.name)
        let nodes = fields.required("nodes", expected: "a list of nodes") { node, path in
            log.list(node, at: path, of: "nodes") { NodeSpec.decode($0, at: $1, labHosts: labHosts ?? [], log: log) }
        } ?? []
        let topology = SuiteTopology(nodes: nodes.map(\.name), links: links, labHosts: labHosts, nodeHosts: nodes.hostsByNode)
        let profile = Profile.decode(&fields, topology: topology)
        let name = fields.optional("name", .string) ?? Self.name(of: file)
        let targets = nodes.map(\.name) + profile.proxies.map(\.name)
        let workload = fields.required("workload", expected: "a workload") { node, path in
            WorkloadSpec.decode(node, at: path, targets: targets, log: log)
        }
        let checker = fields.optional("checker") { node, path in
            CheckerSpec.decode(node, at: path, defaultModel: workload?.model, log: log)
        } ?? workload.map { CheckerSpec(model: $0.model, initial: nil, timeLimit: CheckerSpec.defaultTimeLimit) }
        let expect = fields.required("expect", ScalarDecoder<Expectation>.choice)
        let agents = fields.optional("agents") { node, path in AgentSpec.decodeAll(node, at: path, log: log) } ?? [:]
        fields.finish()
        Self.checkNames(nodes: nodes, proxies: profile.proxies, links: links, places: linkPlaces, in: root, log: log)
        for (proxy, agent) in placements.sorted(by: { $0.key < $1.key }) where agents[agent] == nil {
            let (location, path) = linkPlaces["\(proxy).agent"] ?? (root.location, ConfigPath.root / "proxies")
            var message = "proxy '\(proxy)' runs on agent '\(agent)', which is not defined"
            message += agents.isEmpty ? "; the suite has no 'agents'" : "; agents: \(agents.keys.sorted().joined(separator: ", "))"
            if let suggestion = nearest(to: agent, in: agents.keys.sorted()) { message += " (did you mean '\(suggestion)'?)" }
            log.report(message, at: location, path: path)
        }
        try log.throwIfAny()
        guard let workload, let checker, let expect else { throw DiagnosticList(log.diagnostics) }
        self.init(name: name, seed: profile.seed, nodes: nodes, proxies: profile.proxies, links: links, agents: agents,
                  placements: placements, lab: lab, workload: workload, schedule: profile.schedule, checker: checker,
                  expect: expect)
    }

    /// Whether a document is a suite rather than a profile: it has nodes or a workload.
    public static func isSuite(_ text: String, file: String) -> Bool {
        guard let root = try? ConfigDocument.parse(text, file: file), case .mapping(let entries) = root.content else { return false }
        return entries.contains { $0.key == "nodes" || $0.key == "workload" }
    }

    private static func section(_ key: String, of root: ConfigNode) -> ConfigNode? {
        guard case .mapping(let entries) = root.content else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// The `host` each node names, read before placeholders are filled (they use its address).
    private static func nodeHosts(_ root: ConfigNode) -> [String: String] {
        guard case .sequence(let items)? = section("nodes", of: root)?.content else { return [:] }
        var hosts: [String: String] = [:]
        for case .mapping(let fields) in items.map(\.content) {
            let scalar = { (key: String) in
                fields.first { $0.key == key }.flatMap { if case .scalar(let text, _) = $0.value.content { text } else { nil } }
            }
            if let name = scalar("name"), let host = scalar("host") { hosts[name] = host }
        }
        return hosts
    }

    /// "node.NAME" and "proxy.NAME" for every entry that has a plain name, and "node.NAME.EXTRA"
    /// for each further port a node names.
    private static func entryNames(_ root: ConfigNode) -> [String] {
        guard case .mapping(let entries) = root.content else { return [] }
        var names: [String] = []
        for (section, prefix) in [("nodes", "node"), ("proxies", "proxy")] {
            guard case .sequence(let items)? = entries.first(where: { $0.key == section })?.value.content else { continue }
            for item in items {
                guard case .mapping(let fields) = item.content,
                      case .scalar(let name, _)? = fields.first(where: { $0.key == "name" })?.value.content,
                      !names.contains("\(prefix).\(name)") else { continue }
                names.append("\(prefix).\(name)")
                if prefix == "node", case .sequence(let extra)? = fields.first(where: { $0.key == "ports" })?.value.content {
                    for case .scalar(let port, _) in extra.map(\.content) { names.append("node.\(name).\(port)") }
                }
            }
        }
        return names
    }

    /// The document with placeholders filled in the nodes, proxies and workload, and each proxy's
    /// `from`, `to` and `agent` taken out (into `links` and `placements`, with where each is named
    /// into `places`), so that proxies read as in a profile.
    private static func prepare(_ root: ConfigNode, placeholders: Placeholders, links: inout [String: ProxyLink],
                                placements: inout [String: String], places: inout [String: (SourceLocation, ConfigPath)])
        -> ConfigNode {
        guard case .mapping(let entries) = root.content else { return root }
        let prepared = entries.map { entry -> ConfigNode.Entry in
            if entry.key == "workload" {
                return ConfigNode.Entry(key: entry.key, keyLocation: entry.keyLocation,
                                        value: placeholders.fill(entry.value, own: nil, at: .root / entry.key))
            }
            guard ["nodes", "proxies"].contains(entry.key), case .sequence(let items) = entry.value.content else { return entry }
            let prefix = entry.key == "nodes" ? "node" : "proxy"
            let filled = items.enumerated().map { index, item -> ConfigNode in
                guard case .mapping(let fields) = item.content else { return item }
                let name = fields.first { $0.key == "name" }.flatMap { if case .scalar(let text, _) = $0.value.content { text } else { nil } }
                let path = (ConfigPath.root / entry.key)[index]
                var node = placeholders.fill(item, own: name.map { "\(prefix).\($0)" }, at: path)
                if prefix == "proxy", let name, case .mapping(let proxyFields) = node.content {
                    let text = { (key: String) in
                        proxyFields.first { $0.key == key }.flatMap { if case .scalar(let value, _) = $0.value.content { value } else { nil } }
                    }
                    if text("from") != nil || text("to") != nil { links[name] = ProxyLink(from: text("from"), to: text("to")) }
                    placements[name] = text("agent")
                    for end in proxyFields where end.key == "from" || end.key == "to" {
                        if case .scalar(let node, _) = end.value.content { places["\(name).\(node)"] = (end.value.location, path / end.key) }
                    }
                    if let agent = proxyFields.first(where: { $0.key == "agent" }) {
                        places["\(name).agent"] = (agent.value.location, path / "agent")
                    }
                    let suiteKeys: Set = ["from", "to", "agent"]
                    node = ConfigNode(content: .mapping(proxyFields.filter { !suiteKeys.contains($0.key) }), location: node.location)
                }
                return node
            }
            return ConfigNode.Entry(key: entry.key, keyLocation: entry.keyLocation,
                                    value: ConfigNode(content: .sequence(filled), location: entry.value.location))
        }
        return ConfigNode(content: .mapping(prepared), location: root.location)
    }

    /// Node names are unique and differ from proxy names; `from` and `to` name nodes.
    private static func checkNames(nodes: [NodeSpec], proxies: [ProxySpec], links: [String: ProxyLink],
                                   places: [String: (SourceLocation, ConfigPath)], in root: ConfigNode, log: DiagnosticLog) {
        var seen: Set<String> = []
        let proxyNames = Set(proxies.map(\.name))
        for node in nodes {
            if !seen.insert(node.name).inserted || proxyNames.contains(node.name) {
                log.report("the name '\(node.name)' is used twice among nodes and proxies", at: root.location, path: ConfigPath.root / "nodes")
            }
        }
        for (proxy, link) in links.sorted(by: { $0.key < $1.key }) {
            for end in [link.from, link.to].compactMap({ $0 }) where !seen.contains(end) {
                let (location, path) = places["\(proxy).\(end)"] ?? (root.location, ConfigPath.root / "proxies")
                var message = "proxy '\(proxy)' links node '\(end)', which is not defined (nodes: \(seen.sorted().joined(separator: ", ")))"
                if let suggestion = nearest(to: end, in: seen.sorted()) { message += " (did you mean '\(suggestion)'?)" }
                log.report(message, at: location, path: path)
            }
        }
    }

    /// A suite's default name: its file name without the extension.
    private static func name(of file: String) -> String {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        return base.split(separator: ".").first.map(String.init) ?? base
    }
}
