import FaultlineCore
import NIOCore
import NIOPosix

/// The live state of all proxies: the one place that creates, changes and removes them.
///
/// The CLI, schedules and the control API all go through it. A change applies to existing
/// connections without dropping them, except where the change means to (reject, disable).
public actor ProxyRegistry: ProxyControl {
    /// One proxy as it is now.
    public struct Status: Sendable {
        public var spec: ProxySpec
        /// Where it listens, with the real port once bound; nil while disabled.
        public var listening: Endpoint?
        public var partition: PartitionState?
        public var counters: ProxyCounters.Snapshot
    }

    private var proxies: [String: any RunningProxy] = [:]
    private var order: [String] = []
    private var enabled: [String: Bool] = [:]
    private var partitions: [String: PartitionState] = [:]
    private let group: EventLoopGroup
    private let random: SeededRandom
    private let log: @Sendable (String) -> Void

    public init(seed: UInt64, group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.group = group
        random = SeededRandom(seed: seed)
        self.log = log
    }

    // MARK: Proxies

    /// Creates a proxy and, if it is enabled, starts listening.
    @discardableResult
    public func create(_ spec: ProxySpec) async throws -> Status {
        guard proxies[spec.name] == nil else { throw RegistryError.duplicateProxy(spec.name) }
        try validate(spec.faults, for: spec)
        let context = ProxyContext(group: group, random: random.derived("proxy:\(spec.name)"), log: log)
        let proxy: any RunningProxy = switch spec.transport {
        case .tcp: TCPProxy(spec: spec, context: context)
        case .udp: UDPProxy(spec: spec, context: context)
        }
        if spec.enabled { try await start(proxy) }
        proxies[spec.name] = proxy
        order.append(spec.name)
        enabled[spec.name] = spec.enabled
        return status(of: proxy)
    }

    public func delete(_ name: String) async throws {
        let proxy = try existing(name)
        proxies[name] = nil
        order.removeAll { $0 == name }
        enabled[name] = nil
        partitions[name] = nil
        await proxy.stop()
    }

    public func status() -> [Status] {
        order.compactMap { proxies[$0] }.map(status)
    }

    public func status(of name: String) throws -> Status {
        status(of: try existing(name))
    }

    /// Enables all, heals all, removes every fault (Toxiproxy's /reset).
    public func reset() async throws {
        for name in order {
            try setFaults([], of: name)
        }
        try heal(.all)
        try await setEnabled(.all, true)
    }

    /// Stops every proxy.
    public func shutdown() async {
        for proxy in proxies.values { await proxy.stop() }
    }

    // MARK: ProxyControl

    public func setEnabled(_ selection: ProxySelection, _ isEnabled: Bool) async throws {
        for name in try names(selection) where enabled[name] != isEnabled {
            let proxy = try existing(name)
            if isEnabled { try await start(proxy) } else { await proxy.stop() }
            enabled[name] = isEnabled
        }
    }

    public func partition(_ partition: Partition) throws {
        for name in try names(partition.proxies) {
            let state = PartitionState(mode: partition.mode, direction: partition.direction)
            partitions[name] = state
            try existing(name).setPartition(state)
        }
    }

    public func heal(_ selection: ProxySelection) throws {
        for name in try names(selection) {
            partitions[name] = nil
            try existing(name).setPartition(nil)
        }
    }

    public func addFault(_ fault: FaultSpec, to name: String) throws {
        let proxy = try existing(name)
        var faults = proxy.spec.faults
        guard !faults.contains(where: { $0.name == fault.name }) else {
            throw RegistryError.duplicateFault(proxy: name, fault: fault.name)
        }
        faults.append(fault)
        try validate(faults, for: proxy.spec)
        proxy.setFaults(faults)
    }

    /// Replaces the fault called `name` (keeping its place in the order).
    public func updateFault(named name: String, with fault: FaultSpec, of proxyName: String) throws {
        let proxy = try existing(proxyName)
        var faults = proxy.spec.faults
        guard let index = faults.firstIndex(where: { $0.name == name }) else {
            throw RegistryError.unknownFault(proxy: proxyName, fault: name)
        }
        if fault.name != name, faults.contains(where: { $0.name == fault.name }) {
            throw RegistryError.duplicateFault(proxy: proxyName, fault: fault.name)
        }
        faults[index] = fault
        try validate(faults, for: proxy.spec)
        proxy.setFaults(faults)
    }

    public func removeFault(named name: String, from proxyName: String) throws {
        let proxy = try existing(proxyName)
        guard proxy.spec.faults.contains(where: { $0.name == name }) else {
            throw RegistryError.unknownFault(proxy: proxyName, fault: name)
        }
        proxy.setFaults(proxy.spec.faults.filter { $0.name != name })
    }

    public func setFaults(_ faults: [FaultSpec], of name: String) throws {
        let proxy = try existing(name)
        try validate(faults, for: proxy.spec)
        proxy.setFaults(faults)
    }

    public func faults(of name: String) throws -> [FaultSpec] {
        try existing(name).spec.faults
    }

    // MARK: Helpers

    private func existing(_ name: String) throws -> any RunningProxy {
        guard let proxy = proxies[name] else { throw RegistryError.unknownProxy(name) }
        return proxy
    }

    private func names(_ selection: ProxySelection) throws -> [String] {
        switch selection {
        case .all: return order
        case .named(let names):
            for name in names where proxies[name] == nil { throw RegistryError.unknownProxy(name) }
            return names
        }
    }

    private func validate(_ faults: [FaultSpec], for spec: ProxySpec) throws {
        var seen: Set<String> = []
        for fault in faults {
            guard seen.insert(fault.name).inserted else { throw RegistryError.duplicateFault(proxy: spec.name, fault: fault.name) }
            if let problem = fault.problems(on: spec.transport).first {
                throw RegistryError.invalidFault(proxy: spec.name, reason: "fault '\(fault.name)': \(problem)")
            }
        }
    }

    private func start(_ proxy: any RunningProxy) async throws {
        do {
            try await proxy.start()
        } catch {
            throw RegistryError.cannotListen(proxy: proxy.name, address: proxy.spec.listen.description, reason: "\(error)")
        }
    }

    private func status(of proxy: any RunningProxy) -> Status {
        Status(spec: proxy.spec, listening: enabled[proxy.name] == false ? nil : proxy.boundAddress.flatMap(Endpoint.init),
               partition: partitions[proxy.name], counters: proxy.counters.snapshot)
    }
}

extension Endpoint {
    /// The endpoint of a bound socket address.
    init?(_ address: SocketAddress) {
        guard let ip = address.ipAddress, let port = address.port, let port16 = UInt16(exactly: port) else { return nil }
        switch address {
        case .v6: self.init(host: .ipv6(ip), port: port16)
        default: self.init(host: .ipv4(ip), port: port16)
        }
    }
}
