import FaultlineCore

/// Fills in a suite's placeholders before it is decoded: `{port}` (the port of the node or proxy
/// whose entry it is in), `{node.NAME.port}`, `{node.NAME.address}`, `{proxy.NAME.port}` and
/// `{proxy.NAME.listen}`; a node that names more ports (`ports: [peer]`) has `{port.peer}` and
/// `{node.NAME.port.peer}` too. Ports are picked by the runner (free ones) or made up for
/// validation, so suites never collide with each other or with services already running.
/// With a lab, `{host.NAME}` is the address of lab host NAME, `{host}` that of the host the
/// entry's node runs in, and `{node.NAME.address}` uses the address of the node's host.
struct Placeholders {
    /// The port of each node ("node.NAME"), extra node port ("node.NAME.EXTRA") and proxy ("proxy.NAME").
    let ports: [String: UInt16]
    /// The lab address of each lab host ("host.NAME") and of each node in one ("node.NAME").
    var addresses: [String: String] = [:]
    let log: DiagnosticLog

    /// `node` with every placeholder in its scalars replaced; `own` is the entry's own key
    /// ("node.primary"), which `{port}` means.
    func fill(_ node: ConfigNode, own: String?, at path: ConfigPath) -> ConfigNode {
        switch node.content {
        case .null:
            return node
        case .scalar(let text, let plain):
            guard text.contains("{") else { return node }
            return ConfigNode(content: .scalar(substitute(text, own: own, at: node.location, path: path), plain: plain),
                              location: node.location)
        case .sequence(let elements):
            return ConfigNode(content: .sequence(elements.enumerated().map { fill($1, own: own, at: path[$0]) }),
                              location: node.location)
        case .mapping(let entries):
            return ConfigNode(content: .mapping(entries.map {
                ConfigNode.Entry(key: $0.key, keyLocation: $0.keyLocation, value: fill($0.value, own: own, at: path / $0.key))
            }), location: node.location)
        }
    }

    private func substitute(_ text: String, own: String?, at location: SourceLocation, path: ConfigPath) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            // Braces around anything but a plain name (JSON in a command, say) are not a placeholder.
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
                result += "{"
                rest = rest[rest.index(after: open)...]
                continue
            }
            if let value = value(of: name, own: own) {
                result += value
            } else {
                let hosts = addresses.keys.filter { $0.hasPrefix("host.") }.sorted()
                let known = (["port"] + (hosts.isEmpty ? [] : ["host"]) + ports.keys.sorted().flatMap { key -> [String] in
                    let parts = key.split(separator: ".")
                    if parts.count == 3 { return ["\(parts[0]).\(parts[1]).port.\(parts[2])"] }
                    return key.hasPrefix("node.") ? ["\(key).port", "\(key).address"] : ["\(key).port", "\(key).listen"]
                } + hosts).map { "{\($0)}" }
                var message = "unknown placeholder {\(name)}; placeholders: \(known.joined(separator: ", "))"
                if let suggestion = nearest(to: "{\(name)}", in: known) { message += " (did you mean '\(suggestion)'?)" }
                log.report(message, at: location, path: path)
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    private func value(of name: String, own: String?) -> String? {
        if name == "port" { return own.flatMap { ports[$0] }.map(String.init) }
        if name == "host" { return own.flatMap { addresses[$0] } }
        if name.hasPrefix("host.") { return addresses[name] }
        let parts = name.split(separator: ".").map(String.init)
        if parts.count == 2, parts[0] == "port" { return own.flatMap { ports["\($0).\(parts[1])"] }.map(String.init) }
        if parts.count == 4, parts[0] == "node", parts[2] == "port" { return ports["node.\(parts[1]).\(parts[3])"].map(String.init) }
        guard parts.count == 3, let port = ports["\(parts[0]).\(parts[1])"] else { return nil }
        switch (parts[0], parts[2]) {
        case (_, "port"): return String(port)
        case ("node", "address"): return "\(addresses["node.\(parts[1])"] ?? "127.0.0.1"):\(port)"
        case ("proxy", "listen"): return "127.0.0.1:\(port)"
        default: return nil
        }
    }
}
