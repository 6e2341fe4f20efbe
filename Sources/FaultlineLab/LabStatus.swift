import FaultlineCore

/// What the kernel says of a lab now: which hosts exist, their links, shaping and cut routes.
public struct LabStatus: Sendable, CustomStringConvertible {
    public struct Host: Sendable {
        public var name: String
        public var address: IPv4Address
        /// Whether the host's namespace exists; the rest is meaningful only when it does.
        public var exists: Bool
        public var linkUp: Bool
        /// "tbf" or "netem" when the host's traffic is shaped.
        public var shaping: String?
        /// The hosts this one cannot send to, and how ("drop" or "reject").
        public var cutTo: [(host: String, mode: Partition.Mode)]
    }

    public var lab: String
    public var subnet: IPv4Subnet
    public var controllerUp: Bool
    public var hosts: [Host]

    /// Whether every namespace and link of the lab is there.
    public var isUp: Bool { controllerUp && hosts.allSatisfy(\.exists) }
    /// Whether nothing of the lab is there.
    public var isDown: Bool { !controllerUp && !hosts.contains(where: \.exists) }

    public var description: String {
        if isDown { return "lab \(lab): down" }
        var lines = ["lab \(lab): \(isUp ? "up" : "partly up (run `faultline lab down`)"), subnet \(subnet), "
                     + "controller \(controllerUp ? "connected" : "missing")"]
        for host in hosts {
            guard host.exists else {
                lines.append("  \(host.name)  \(host.address)  missing")
                continue
            }
            var parts = ["  \(host.name)", "\(host.address)", host.linkUp ? "link up" : "link DOWN"]
            if let shaping = host.shaping { parts.append("shaped by \(shaping)") }
            if !host.cutTo.isEmpty {
                parts.append("cut off from " + host.cutTo.map { "\($0.host) (\($0.mode.rawValue))" }.joined(separator: ", "))
            }
            lines.append(parts.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }
}

extension Lab {
    /// Reads the lab's state from the kernel.
    public nonisolated func status() async throws -> LabStatus {
        try Self.requireRoot()
        let spec = spec
        let byAddress = Dictionary(uniqueKeysWithValues: spec.hosts.map { ("\($0.address)", $0.name) })
        var hosts: [LabStatus.Host] = []
        for host in spec.hosts {
            let namespace = namespace(of: host.name)
            guard namespace.exists else {
                hosts.append(LabStatus.Host(name: host.name, address: host.address, exists: false, linkUp: false, shaping: nil, cutTo: []))
                continue
            }
            hosts.append(try await namespace.perform {
                let socket = try RouteSocket()
                let cuts = try socket.labRoutes().map { route in
                    (host: byAddress[route.destination] ?? route.destination,
                     mode: route.type == .blackhole ? Partition.Mode.drop : .reject)
                }
                return LabStatus.Host(name: host.name, address: host.address, exists: true,
                                      linkUp: socket.isUp(Self.hostLink) ?? false,
                                      shaping: try socket.shapingKind(of: Self.hostLink), cutTo: cuts)
            })
        }
        let controller = controllerLink
        let controllerUp = try await NetworkNamespace.detached { try RouteSocket().isUp(controller) ?? false }
        return LabStatus(lab: spec.name, subnet: spec.subnet, controllerUp: controllerUp, hosts: hosts)
    }
}
