import FaultlineCore

extension NemesisTargets {
    static let hostChanges = ["link", "bandwidth", "netem", "shaping"]

    /// Decodes the value of `lab:` in a schedule step: a lab host and one change to it,
    /// `link: down|up`, `bandwidth: RATE`, `netem: {delay, jitter, loss, duplicate, reorder,
    /// corrupt}` or `shaping: none`.
    func decodeHostAction(_ node: ConfigNode, at path: ConfigPath) -> HostAction? {
        guard let hosts = topology.labHosts else {
            log.report("'lab' acts on the suite's lab hosts, and the suite has no 'lab'", at: node.location, path: path)
            return nil
        }
        guard var fields = MappingReader(node, at: path, describing: "a lab step", log: log) else { return nil }
        let host = fields.required("host", .member(of: hosts, noun: "lab host"))
        let present = Self.hostChanges.filter(fields.contains)
        var change: HostAction.Change?
        if let state = fields.optional("link", .member(of: ["down", "up"], noun: "link state (down or up)")) {
            change = .link(up: state == "up")
        }
        if let rate = fields.optional("bandwidth", .rate) { change = .shape(.bandwidth(rate)) }
        if let settings = fields.optional("netem", { decodeNetem($0, at: $1) }) { change = .shape(.netem(settings)) }
        if fields.optional("shaping", .member(of: ["none"], noun: "shaping ('none' removes it)")) != nil { change = .shape(nil) }
        if present.count > 1 {
            fields.report("a lab step makes one change; this one has \(present.joined(separator: " and "))", about: present[1])
        } else if present.isEmpty {
            log.report("a lab step needs one change: \(Self.hostChanges.joined(separator: ", "))", at: node.location, path: path)
        }
        fields.finish()
        guard let host, let change, present.count == 1 else { return nil }
        return HostAction(host: host, change: change)
    }

    private func decodeNetem(_ node: ConfigNode, at path: ConfigPath) -> NetemSettings? {
        guard var fields = MappingReader(node, at: path, describing: "netem settings", log: log) else { return nil }
        var settings = NetemSettings()
        settings.delay = fields.optional("delay", .duration) ?? .zero
        settings.jitter = fields.optional("jitter", .duration) ?? .zero
        settings.loss = fields.optional("loss", .probability) ?? .never
        settings.duplicate = fields.optional("duplicate", .probability) ?? .never
        settings.reorder = fields.optional("reorder", .probability) ?? .never
        settings.corrupt = fields.optional("corrupt", .probability) ?? .never
        if settings.reorder != .never, settings.delay == .zero {
            fields.report("netem reorders by sending some packets ahead of delayed ones: 'reorder' needs a 'delay'", about: "reorder")
        }
        if settings.jitter > settings.delay {
            fields.report("'jitter' (\(settings.jitter.profileText)) must not exceed 'delay' (\(settings.delay.profileText))",
                          about: "jitter")
        }
        fields.finish()
        return settings
    }
}
