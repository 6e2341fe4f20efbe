import FaultlineCore

extension ScheduleStep {
    static let actionKeys = ["partition", "heal", "enable", "disable", "add", "remove", "set"]

    /// Decodes `schedule:` against the proxies defined beside it: every proxy and fault a step
    /// names must exist (a fault removed may be one that an earlier step adds). In a suite,
    /// `topology` has the nodes, the proxies between them and the lab hosts, which nemeses and
    /// lab steps act on; a profile has none, and its steps cannot be nemeses.
    public static func decodeList(_ node: ConfigNode, at path: ConfigPath, proxies: [ProxySpec], topology: SuiteTopology? = nil,
                                  log: DiagnosticLog) -> [ScheduleStep]? {
        var removals: [FaultReference] = []
        let targets = topology.map { NemesisTargets(topology: $0, log: log) }
        let steps = log.list(node, at: path, of: "schedule steps") { element, elementPath in
            decode(element, at: elementPath, proxies: proxies, targets: targets, log: log) { removal in removals.append(removal) }
        }
        var faultNames: [String: Set<String>] = [:]
        for proxy in proxies { faultNames[proxy.name, default: []].formUnion(proxy.faults.map(\.name)) }
        for step in steps ?? [] {
            switch step.action {
            case .addFault(let proxy, let fault): faultNames[proxy, default: []].insert(fault.name)
            case .setFaults(let proxy, let faults): faultNames[proxy, default: []].formUnion(faults.map(\.name))
            default: break
            }
        }
        for removal in removals where !(faultNames[removal.proxy]?.contains(removal.fault) ?? false) {
            let known = (faultNames[removal.proxy] ?? []).sorted()
            var message = "proxy '\(removal.proxy)' has no fault named '\(removal.fault)'"
            message += known.isEmpty ? " (it has none)" : "; its faults: \(known.joined(separator: ", "))"
            if let suggestion = nearest(to: removal.fault, in: known) { message += " (did you mean '\(suggestion)'?)" }
            log.report(message, at: removal.location, path: removal.path)
        }
        return steps
    }

    fileprivate static func decode(_ node: ConfigNode, at path: ConfigPath, proxies: [ProxySpec], targets: NemesisTargets?,
                                   log: DiagnosticLog, noteRemoval: (FaultReference) -> Void)
        -> ScheduleStep? {
        guard var fields = MappingReader(node, at: path, describing: "a schedule step", log: log) else { return nil }
        let at = fields.optional("at", .duration)
        let after = fields.optional("after", .duration)
        let every = fields.optional("every", .duration)
        let window = fields.optional("for", .duration)
        let times = fields.optional("times", .integer(in: 1...1_000_000_000))
        let context = ActionContext(proxies: proxies, log: log)
        var actions: [ScheduleAction?] = []
        for key in actionKeys {
            guard let value = fields.value(key) else { continue }
            actions.append(context.decodeAction(key, value, at: path / key, noteRemoval: noteRemoval))
        }
        for key in NemesisTargets.stepKeywords {
            guard let value = fields.value(key) else { continue }
            guard let targets else {
                let what = key == "lab" ? "acts on a suite's lab hosts" : "is a nemesis: it acts on a suite's nodes"
                fields.report("'\(key)' \(what), so it belongs in a suite's schedule", about: key)
                actions.append(nil)
                continue
            }
            actions.append(key == "lab"
                ? targets.decodeHostAction(value, at: path / key).map { .lab($0) }
                : targets.decode(key, value, at: path / key).map { .nemesis($0) })
        }
        let keys = actionKeys + (targets == nil ? [] : NemesisTargets.stepKeywords)
        let present = (actionKeys + NemesisTargets.stepKeywords).filter(fields.contains)
        if present.isEmpty, fields.unknownKeys.isEmpty {
            log.report("a schedule step needs one action: \(keys.joined(separator: ", "))",
                       at: node.location, path: path)
        } else if present.count > 1 {
            fields.report("a schedule step has one action; this one has \(present.joined(separator: " and "))",
                          about: present[1])
        }
        fields.finish()

        if at != nil, after != nil { fields.report("use either 'at' or 'after', not both", about: "after") }
        if !["at", "after", "every"].contains(where: fields.contains), fields.unknownKeys.isEmpty {
            log.report("a schedule step needs 'at', 'after' or 'every'", at: node.location, path: path)
        }
        if every == nil {
            if window != nil { fields.report("'for' needs 'every': it is the length of each repeating window", about: "for") }
            if times != nil { fields.report("'times' needs 'every': it counts the repetitions", about: "times") }
        }
        if let every, every == .zero { fields.report("'every' must be greater than 0", about: "every") }
        if let every, let window, window >= every || window == .zero {
            fields.report("'for' (\(window.profileText)) must be greater than 0 and shorter than 'every' (\(every.profileText))",
                          about: "for")
        }
        guard actions.count == 1, let action = actions[0] else { return nil }
        if window != nil, every != nil, !action.isUndoable {
            fields.report("'for' needs an action that can be undone (partition, enable, disable, add, set, a partition nemesis, "
                          + "kill, pause, a lab link down or shaping); '\(action.keyword)' cannot", about: "for")
        }
        let start: Start = after.map { .after($0) } ?? .at(at ?? .zero)
        let repetition = every.map { Repetition(period: $0, window: window, times: times) }
        return ScheduleStep(start: start, repetition: repetition, action: action)
    }
}

/// A `remove` step's fault, checked once all steps are read (an earlier step may add it).
private struct FaultReference {
    let proxy: String
    let fault: String
    let location: SourceLocation
    let path: ConfigPath
}

/// Decodes the action of a schedule step, checking the names it uses against the defined proxies.
private struct ActionContext {
    let proxies: [ProxySpec]
    let log: DiagnosticLog

    var proxyName: ScalarDecoder<String> { .member(of: proxies.map(\.name), noun: "proxy") }

    func decodeAction(_ keyword: String, _ node: ConfigNode, at path: ConfigPath,
                      noteRemoval: (FaultReference) -> Void)
        -> ScheduleAction? {
        switch keyword {
        case "partition":
            guard var fields = MappingReader(node, at: path, describing: "a partition", log: log) else { return nil }
            let selection = fields.required("proxies", expected: "'all', a proxy name or a list of them", selection)
            let mode = fields.optional("mode", ScalarDecoder<Partition.Mode>.choice) ?? .drop
            let direction = fields.optional("direction", ScalarDecoder<Direction>.choice) ?? .both
            fields.finish()
            return selection.map { .partition(Partition(proxies: $0, mode: mode, direction: direction)) }
        case "heal": return selection(node, path).map { .heal($0) }
        case "enable": return selection(node, path).map { .enable($0) }
        case "disable": return selection(node, path).map { .disable($0) }
        case "add":
            guard var fields = MappingReader(node, at: path, describing: "an add action", log: log) else { return nil }
            let (proxy, transport) = targetProxy(&fields)
            let fault = fields.required("fault", expected: "a fault") { node, path in
                FaultSpec.decode(node, at: path, transport: transport, log: log)
            }
            fields.finish()
            if let proxy, let fault, let existing = proxies.first(where: { $0.name == proxy }),
               existing.faults.contains(where: { $0.name == fault.name }) {
                fields.report("proxy '\(proxy)' already has a fault named '\(fault.name)'; give the added one another 'name'",
                              about: "fault")
            }
            guard let proxy, let fault else { return nil }
            return .addFault(proxy: proxy, fault: fault)
        case "remove":
            guard var fields = MappingReader(node, at: path, describing: "a remove action", log: log) else { return nil }
            let proxy = fields.required("proxy", proxyName)
            let fault = fields.required("fault", .name)
            fields.finish()
            guard let proxy, let fault else { return nil }
            noteRemoval(FaultReference(proxy: proxy, fault: fault, location: fields.location(of: "fault") ?? node.location, path: path / "fault"))
            return .removeFault(proxy: proxy, faultName: fault)
        default:
            guard var fields = MappingReader(node, at: path, describing: "a set action", log: log) else { return nil }
            let (proxy, transport) = targetProxy(&fields)
            let faults = fields.required("faults", expected: "a list of faults") { node, path in
                FaultSpec.decodeList(node, at: path, transport: transport, log: log)
            }
            fields.finish()
            guard let proxy, let faults else { return nil }
            return .setFaults(proxy: proxy, faults: faults)
        }
    }

    /// The proxy an `add` or `set` names, with its transport (which decides the faults it may take).
    func targetProxy(_ fields: inout MappingReader) -> (name: String?, transport: TransportProtocol?) {
        let name = fields.required("proxy", proxyName)
        return (name, proxies.first { $0.name == name }?.transport)
    }

    /// `all`, one proxy name, or a list of proxy names.
    func selection(_ node: ConfigNode, _ path: ConfigPath) -> ProxySelection? {
        if case .scalar("all", _) = node.content { return .all }
        if case .scalar = node.content { return log.scalar(node, at: path, proxyName).map { .named([$0]) } }
        let names = log.list(node, at: path, of: "proxy names") { element, elementPath in
            log.scalar(element, at: elementPath, proxyName)
        }
        return names.map { .named($0) }
    }
}

extension ScheduleAction {
    /// Decodes one action as a schedule step spells it after its keyword (e.g. the value of
    /// `partition:`), checking proxy names against `proxies`: for APIs that act at once.
    public static func decode(_ keyword: String, _ node: ConfigNode, at path: ConfigPath, proxies: [ProxySpec],
                              log: DiagnosticLog) -> ScheduleAction? {
        precondition(ScheduleStep.actionKeys.contains(keyword), "not an action keyword: \(keyword)")
        return ActionContext(proxies: proxies, log: log).decodeAction(keyword, node, at: path) { _ in }
    }
}
