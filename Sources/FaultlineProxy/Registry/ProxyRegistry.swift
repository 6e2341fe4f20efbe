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
        try await exclusively { try await self.createNow(spec) }
    }

    private func createNow(_ spec: ProxySpec) async throws -> Status {
        guard proxies[spec.name] == nil else { throw RegistryError.duplicateProxy(spec.name) }
        try validate(spec.faults, for: spec)
        let proxy = makeProxy(spec)
        if spec.enabled { try await start(proxy) }
        proxies[spec.name] = proxy
        order.append(spec.name)
        enabled[spec.name] = spec.enabled
        return status(of: proxy)
    }

    private func makeProxy(_ spec: ProxySpec) -> any RunningProxy {
        let context = ProxyContext(group: group, random: random.derived("proxy:\(spec.name)"), log: log)
        return switch spec.transport {
        case .tcp: TCPProxy(spec: spec, context: context)
        case .udp: UDPProxy(spec: spec, context: context)
        }
    }

    public func delete(_ name: String) async throws {
        try await exclusively {
            let proxy = try self.existing(name)
            self.proxies[name] = nil
            self.order.removeAll { $0 == name }
            self.enabled[name] = nil
            self.partitions[name] = nil
            await proxy.stop()
        }
    }

    /// Changes where a proxy listens or forwards, and whether it is enabled, keeping its faults
    /// and partition. A new address means a new listener (existing connections close); if it
    /// cannot be bound, the proxy is left as it was.
    @discardableResult
    public func update(_ name: String, listen: Endpoint? = nil, upstream: Endpoint? = nil,
                       enabled isEnabled: Bool? = nil) async throws -> Status {
        try await exclusively {
            let proxy = try self.existing(name)
            let current = self.status(of: proxy)
            var spec = proxy.spec
            let newListen = listen.flatMap { $0 == current.listening ? nil : $0 }
            if newListen != nil || (upstream.map { $0 != spec.upstream } ?? false) {
                spec.listen = newListen ?? spec.listen
                spec.upstream = upstream ?? spec.upstream
                try await self.replace(proxy, with: spec, enabled: isEnabled ?? (self.enabled[name] ?? true))
            } else if let isEnabled, self.enabled[name] != isEnabled {
                try await self.setEnabledNow(name, isEnabled)
            }
            return try self.status(of: name)
        }
    }

    private func replace(_ old: any RunningProxy, with spec: ProxySpec, enabled isEnabled: Bool) async throws {
        let name = spec.name
        let wasEnabled = enabled[name] ?? false
        let replacement = makeProxy(spec)
        if wasEnabled { await old.stop() }
        if isEnabled {
            do {
                try await start(replacement)
            } catch {
                if wasEnabled { try? await start(old) }
                throw error
            }
        }
        // Faults and partitions may have changed while this awaited; the replacement takes them as they are now.
        await replacement.setFaults(old.spec.faults)
        await replacement.setPartition(partitions[name])
        proxies[name] = replacement
        enabled[name] = isEnabled
    }

    /// Creates, replaces or keeps each proxy (Toxiproxy's /populate): one that exists with the
    /// same listen address and upstream is kept as it is. All are checked before any changes.
    public func populate(_ specs: [ProxySpec]) async throws -> [Status] {
        try await exclusively {
            var seen: Set<String> = []
            for spec in specs {
                guard seen.insert(spec.name).inserted else { throw RegistryError.duplicateProxy(spec.name) }
                try self.validate(spec.faults, for: spec)
            }
            for spec in specs {
                if let proxy = self.proxies[spec.name] {
                    let current = self.status(of: proxy)
                    let sameListen = spec.listen == proxy.spec.listen || spec.listen == current.listening
                    if !sameListen || spec.upstream != proxy.spec.upstream {
                        try await self.replace(proxy, with: spec, enabled: spec.enabled)
                    }
                } else {
                    _ = try await self.createNow(spec)
                }
            }
            return try specs.map { try self.status(of: $0.name) }
        }
    }

    // MARK: One change at a time

    private var changing = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `change` with no other suspending change in between, so that two clients creating,
    /// replacing or deleting the same proxy at once cannot leave it half made.
    private func exclusively<T: Sendable>(_ change: () async throws -> T) async throws -> T {
        if changing {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            changing = true
        }
        defer {
            if waiting.isEmpty { changing = false } else { waiting.removeFirst().resume() }
        }
        return try await change()
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
            try await setFaults([], of: name)
        }
        try await heal(.all)
        try await setEnabled(.all, true)
    }

    /// Stops every proxy.
    public func shutdown() async {
        for proxy in proxies.values { await proxy.stop() }
    }

    // MARK: ProxyControl

    public func setEnabled(_ selection: ProxySelection, _ isEnabled: Bool) async throws {
        try await exclusively {
            for name in try self.names(selection) where self.enabled[name] != isEnabled {
                try await self.setEnabledNow(name, isEnabled)
            }
        }
    }

    private func setEnabledNow(_ name: String, _ isEnabled: Bool) async throws {
        let proxy = try existing(name)
        if isEnabled { try await start(proxy) } else { await proxy.stop() }
        enabled[name] = isEnabled
    }

    public func partition(_ partition: Partition) async throws {
        for name in try names(partition.proxies) {
            let state = PartitionState(mode: partition.mode, direction: partition.direction)
            partitions[name] = state
            try await existing(name).setPartition(state)
        }
    }

    public func heal(_ selection: ProxySelection) async throws {
        for name in try names(selection) {
            partitions[name] = nil
            try await existing(name).setPartition(nil)
        }
    }

    public func addFault(_ fault: FaultSpec, to name: String) async throws {
        let proxy = try existing(name)
        var faults = proxy.spec.faults
        guard !faults.contains(where: { $0.name == fault.name }) else {
            throw RegistryError.duplicateFault(proxy: name, fault: fault.name)
        }
        faults.append(fault)
        try validate(faults, for: proxy.spec)
        await proxy.setFaults(faults)
    }

    /// Replaces the fault called `name` (keeping its place in the order).
    public func updateFault(named name: String, with fault: FaultSpec, of proxyName: String) async throws {
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
        await proxy.setFaults(faults)
    }

    public func removeFault(named name: String, from proxyName: String) async throws {
        let proxy = try existing(proxyName)
        guard proxy.spec.faults.contains(where: { $0.name == name }) else {
            throw RegistryError.unknownFault(proxy: proxyName, fault: name)
        }
        await proxy.setFaults(proxy.spec.faults.filter { $0.name != name })
    }

    public func setFaults(_ faults: [FaultSpec], of name: String) async throws {
        let proxy = try existing(name)
        try validate(faults, for: proxy.spec)
        await proxy.setFaults(faults)
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
    public init?(_ address: SocketAddress) {
        guard let ip = address.ipAddress, let port = address.port, let port16 = UInt16(exactly: port) else { return nil }
        switch address {
        case .v6: self.init(host: .ipv6(ip), port: port16)
        default: self.init(host: .ipv4(ip), port: port16)
        }
    }
}
