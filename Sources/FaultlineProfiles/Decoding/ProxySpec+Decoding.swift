import FaultlineCore

extension ProxySpec {
    /// Decodes one entry of `proxies:`; names and listen addresses are checked across entries by `decodeList`.
    public static func decode(_ node: ConfigNode, at path: ConfigPath, log: DiagnosticLog) -> ProxySpec? {
        guard var fields = MappingReader(node, at: path, describing: "a proxy", log: log) else { return nil }
        let name = fields.required("name", .name)
        if name == "all" { fields.report("'all' is reserved: schedule steps use it to name every proxy", about: "name") }
        let transport = fields.optional("protocol", ScalarDecoder<TransportProtocol>.choice) ?? .tcp
        let listen = fields.required("listen", .endpoint)
        let upstream = fields.required("upstream", .endpoint)
        let enabled = fields.optional("enabled", .bool) ?? true
        let faults = fields.optional("faults") { node, path in
            FaultSpec.decodeList(node, at: path, transport: transport, log: log)
        } ?? []
        let connectTimeout = fields.optional("connect_timeout", .duration)
        let maximumConnections = fields.optional("max_connections", .integer(in: 1...1_000_000))
        let sessionTimeout = fields.optional("session_timeout", .duration)
        let maximumSessions = fields.optional("max_sessions", .integer(in: 1...1_000_000))
        for (key, timeout) in [("connect_timeout", connectTimeout), ("session_timeout", sessionTimeout)] {
            if let timeout, timeout <= .zero { fields.report("must be more than 0", about: key) }
        }
        let transportKeys: [(key: String, owner: TransportProtocol, given: Bool)] = [
            ("connect_timeout", .tcp, connectTimeout != nil), ("max_connections", .tcp, maximumConnections != nil),
            ("session_timeout", .udp, sessionTimeout != nil), ("max_sessions", .udp, maximumSessions != nil),
        ]
        for (key, owner, given) in transportKeys where given && transport != owner {
            fields.report("applies only to \(owner.rawValue) proxies, not to a \(transport.rawValue) proxy", about: key)
        }
        fields.finish()
        if let listen, listen == upstream, listen.port != 0 {
            fields.report("the upstream is the proxy's own listen address", about: "upstream")
        }
        guard let name, let listen, let upstream else { return nil }
        return ProxySpec(name: name, transport: transport, listen: listen, upstream: upstream, enabled: enabled,
                         faults: faults, connectTimeout: connectTimeout ?? ProxySpec.defaultConnectTimeout,
                         maximumConnections: maximumConnections ?? ProxySpec.defaultMaximumConnections,
                         sessionTimeout: sessionTimeout ?? ProxySpec.defaultSessionTimeout,
                         maximumSessions: maximumSessions ?? ProxySpec.defaultMaximumSessions)
    }

    /// Decodes `proxies:`, reporting duplicate names and duplicate listen addresses.
    public static func decodeList(_ node: ConfigNode, at path: ConfigPath, log: DiagnosticLog) -> [ProxySpec]? {
        var names: [String: SourceLocation] = [:]
        var listeners: [String: SourceLocation] = [:]
        return log.list(node, at: path, of: "proxies") { element, elementPath in
            guard let proxy = decode(element, at: elementPath, log: log),
                  case .mapping(let entries) = element.content
            else { return nil }
            let location = { (key: String) in entries.first { $0.key == key }?.value.location ?? element.location }
            if let first = names[proxy.name] {
                log.report("duplicate proxy name '\(proxy.name)' (first defined at \(first))",
                           at: location("name"), path: elementPath / "name")
            } else {
                names[proxy.name] = location("name")
            }
            let listener = "\(proxy.transport.rawValue) \(proxy.listen)"
            if proxy.listen.port != 0 {
                if let first = listeners[listener] {
                    log.report("duplicate listen address \(proxy.listen) for \(proxy.transport.rawValue) (first used at \(first))",
                               at: location("listen"), path: elementPath / "listen")
                } else {
                    listeners[listener] = location("listen")
                }
            }
            return proxy
        }
    }
}

extension FaultSpec {
    /// Decodes a list of faults, reporting names used twice (Toxiproxy's `<type>_<stream>` default
    /// names clash when one type is given twice for one direction).
    public static func decodeList(_ node: ConfigNode, at path: ConfigPath, transport: TransportProtocol?,
                                  log: DiagnosticLog) -> [FaultSpec]? {
        var seen: [String: SourceLocation] = [:]
        return log.list(node, at: path, of: "faults") { element, elementPath in
            guard let fault = decode(element, at: elementPath, transport: transport, log: log) else { return nil }
            if let first = seen[fault.name] {
                log.report("duplicate fault name '\(fault.name)' (first at \(first)); give one of them a distinct 'name'",
                           at: element.location, path: elementPath)
            } else {
                seen[fault.name] = element.location
            }
            return fault
        }
    }
}
