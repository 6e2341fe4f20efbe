import FaultlineCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A netns lab brought up on this machine: its namespaces and links, and the faults in force.
///
/// The layout, for a lab `NAME` with hosts n1, n2, ...:
/// - namespace `fl-NAME` holds the bridge `br0`, the lab's switch: a namespace of its own, so
///   that the machine's firewall never sees the bridged traffic;
/// - namespace `fl-NAME.n1` is host n1: its link `eth0` (the other end of a veth pair on the
///   bridge) with its address, and `lo`;
/// - the link `fl-NAME` in the machine's own namespace, on the bridge too, with the lab's first
///   address: the controller's way to every host.
///
/// Partitions are routes in the sending host's namespace, one per cut host pair, counted so that
/// overlapping partitions heal one at a time; link faults and shaping act on a host's `eth0`.
public actor Lab {
    public nonisolated let spec: LabSpec
    /// How many partitions cut each host pair now, and how.
    private var cuts: [Grudge.Cut: (count: Int, type: RouteSocket.RouteType)] = [:]
    /// This run's claim on the lab's name, from `up` to `down`.
    private var lock: LabLock?

    public init(_ spec: LabSpec) {
        self.spec = spec
    }

    /// The namespace that is host `name`.
    public nonisolated func namespace(of host: String) -> NetworkNamespace { NetworkNamespace(name: "fl-\(spec.name).\(host)") }
    nonisolated var switchNamespace: NetworkNamespace { NetworkNamespace(name: "fl-\(spec.name)") }
    nonisolated var controllerLink: String { "fl-\(spec.name)" }
    static let hostLink = "eth0"
    /// The bridge port of the host at `index`, in the switch's namespace.
    static func switchPort(_ index: Int) -> String { "p\(index)" }

    // MARK: Up and down

    /// Creates the lab, first removing whatever a previous run of the same lab left behind.
    /// Returns what it removed, in words, if anything. A lab that another run is using (the same
    /// suite run twice at once) is refused, not taken over.
    @discardableResult
    public func up() async throws -> [String] {
        try Self.requireRoot()
        let claim = try lock ?? LabLock.acquire(spec.name)
        let spec = spec
        do {
            let leftovers = try await Self.remove(name: spec.name)
            try await NetworkNamespace.detached { try Self.checkSubnetIsFree(spec) }
            try await build()
            (cuts, lock) = ([:], claim)
            return leftovers
        } catch {
            _ = try? await Self.remove(name: spec.name)
            claim.release()
            lock = nil
            throw error
        }
    }

    /// Brings the lab up, runs `body` with it, and brings it down again, also when `body` throws.
    public nonisolated func whileUp<T: Sendable>(_ body: @Sendable (Lab) async throws -> T) async throws -> T {
        try await up()
        let result: T
        do {
            result = try await body(self)
        } catch {
            _ = try? await down()
            throw error
        }
        try await down()
        return result
    }

    /// Removes the lab.
    @discardableResult
    public func down() async throws -> [String] {
        cuts = [:]
        defer {
            lock?.release()
            lock = nil
        }
        guard lock != nil else { return try await Self.down(name: spec.name) }
        return try await Self.remove(name: spec.name)
    }

    /// Removes every namespace and link of the lab called `name`, whether or not this process made
    /// them (a crashed run leaves them behind), unless a run is using the lab. Returns what it
    /// removed, in words.
    @discardableResult
    public static func down(name: String) async throws -> [String] {
        try requireRoot()
        let claim = try LabLock.acquire(name)
        defer { claim.release() }
        return try await remove(name: name)
    }

    private static func remove(name: String) async throws -> [String] {
        try await NetworkNamespace.detached {
            var removed: [String] = []
            let root = try RouteSocket()
            if root.link("fl-\(name)") != nil {
                try root.deleteLink("fl-\(name)")
                removed.append("link fl-\(name)")
            }
            for namespace in NetworkNamespace.all(matching: { $0 == "fl-\(name)" || $0.hasPrefix("fl-\(name).") }) {
                try namespace.remove()
                removed.append("namespace \(namespace)")
            }
            return removed
        }
    }

    private func build() async throws {
        let switchSpace = try await NetworkNamespace.create(switchNamespace.name)
        var created: [NetworkNamespace] = []
        for host in spec.hosts { created.append(try await NetworkNamespace.create(namespace(of: host.name).name)) }
        let (hosts, spec) = (created, spec)
        try await switchSpace.perform {
            let socket = try RouteSocket()
            try socket.addBridge("br0")
            try socket.setLink("br0", up: true)
            for (index, host) in hosts.enumerated() {
                try socket.addVethPair(Self.switchPort(index), peer: Self.hostLink, in: host)
                try socket.setLink(Self.switchPort(index), up: true, master: "br0")
            }
        }
        for (host, namespace) in zip(spec.hosts, hosts) {
            try await namespace.perform {
                let socket = try RouteSocket()
                try socket.setLink("lo", up: true)
                try socket.addAddress(host.address, prefixLength: spec.subnet.prefixLength, to: Self.hostLink)
                try socket.setLink(Self.hostLink, up: true)
                try socket.waitUntilRunning(Self.hostLink)  // its bridge port is up already
            }
        }
        let controller = controllerLink
        try await NetworkNamespace.detached { try RouteSocket().addVethPair(controller, peer: "ctl", in: switchSpace) }
        try await switchSpace.perform { try RouteSocket().setLink("ctl", up: true, master: "br0") }
        try await NetworkNamespace.detached {
            let root = try RouteSocket()
            try root.addAddress(spec.controllerAddress, prefixLength: spec.subnet.prefixLength, to: controller)
            try root.setLink(controller, up: true)
            try root.waitUntilRunning(controller)
        }
    }

    /// The lab's subnet must not be in use on this machine already (another lab, a real network).
    private static func checkSubnetIsFree(_ spec: LabSpec) throws {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return }
        defer { freeifaddrs(list) }
        var entry = list
        while let current = entry?.pointee {
            entry = current.ifa_next
            guard let address = current.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else { continue }
            let ipv4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { IPv4Address(UInt32(bigEndian: $0.pointee.sin_addr.s_addr)) }
            if spec.subnet.contains(ipv4) {
                let interface = String(cString: current.ifa_name)
                throw LabError("lab \(spec.name)'s subnet \(spec.subnet) is in use on this machine (\(ipv4) on \(interface)); "
                               + "give the lab another 'subnet', or bring the other lab down")
            }
        }
    }

    static func requireRoot() throws {
        guard geteuid() == 0 else { throw LabError.needsRoot }
    }

    // MARK: Faults

    /// Cuts traffic from each cut's `from` host toward its `to` host: `drop` with a blackhole
    /// route in the sender's namespace, `reject` with a prohibit route.
    public func cut(_ grudge: Grudge, mode: Partition.Mode) async throws {
        for cut in grudge.cuts.sorted() {
            if let existing = cuts[cut] {
                cuts[cut] = (existing.count + 1, existing.type)
                continue
            }
            let type: RouteSocket.RouteType = mode == .drop ? .blackhole : .prohibit
            let (sender, destination) = (try host(cut.from).name, try address(of: cut.to))
            // Counted before the route is made, so that a cut arriving meanwhile does not make it twice.
            cuts[cut] = (1, type)
            do {
                try await namespace(of: sender).perform { try RouteSocket().addRoute(to: destination, type) }
            } catch {
                cuts[cut] = nil
                throw error
            }
        }
    }

    /// Undoes one `cut` of `grudge`: a route goes once no partition in force still wants it.
    public func heal(_ grudge: Grudge) async throws {
        for cut in grudge.cuts.sorted() {
            guard let existing = cuts[cut] else { continue }
            guard existing.count == 1 else {
                cuts[cut] = (existing.count - 1, existing.type)
                continue
            }
            let (sender, destination) = (try host(cut.from).name, try address(of: cut.to))
            cuts[cut] = nil
            try await namespace(of: sender).perform { try RouteSocket().deleteRoute(to: destination, existing.type) }
        }
    }

    /// Takes a host's link down or up, or shapes what it sends. A link brought up is waited for
    /// until it and its bridge port carry traffic.
    public func apply(_ action: HostAction) async throws {
        let host = try host(action.host).name
        try await namespace(of: host).perform {
            let socket = try RouteSocket()
            switch action.change {
            case .link(let up):
                try socket.setLink(Self.hostLink, up: up)
                if up { try socket.waitUntilRunning(Self.hostLink) }
            case .shape(let shaping?): try socket.shape(Self.hostLink, with: shaping, host: host)
            case .shape(nil): try socket.unshape(Self.hostLink)
            }
        }
        if case .link(up: true) = action.change, let index = spec.hosts.firstIndex(where: { $0.name == host }) {
            try await switchNamespace.perform { try RouteSocket().waitUntilRunning(Self.switchPort(index)) }
        }
    }

    private func host(_ name: String) throws -> LabSpec.Host {
        guard let host = spec.host(named: name) else {
            throw LabError("lab \(spec.name) has no host \(name) (hosts: \(spec.hosts.map(\.name).joined(separator: ", ")))")
        }
        return host
    }

    private func address(of name: String) throws -> IPv4Address { try host(name).address }
}
