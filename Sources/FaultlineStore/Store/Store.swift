import FaultlineCore
import NIOCore
import NIOPosix
import Synchronization

/// The embedded store: a small Redis-protocol key-value server, so that suites run on a machine
/// with nothing installed. A replica follows its primary's stream of writes asynchronously (the
/// stream can run through a Faultline proxy) and serves reads that may be stale, which is what
/// makes a replica read under a partition a stale read the checker can find.
public final class Store: Sendable {
    /// Whom a store answers to.
    public enum Role: Sendable, Equatable {
        case primary
        case replica(of: Endpoint)
    }

    private struct State {
        var data = StoreData()
        /// Replicas connected to this primary, fed every write in the order it was applied.
        var replicas: [ObjectIdentifier: Channel] = [:]
        /// A replica's link to its primary.
        var link: Channel?
        var stopped = false
    }

    public let role: Role
    private let state = Mutex(State())
    private let group: EventLoopGroup
    private let listener = Mutex<Channel?>(nil)

    private init(role: Role, group: EventLoopGroup) {
        self.role = role
        self.group = group
    }

    /// Starts a store listening on `listen` (port 0 picks a free one).
    public static func start(listen: Endpoint, role: Role = .primary,
                             group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> Store {
        let store = Store(role: role, group: group)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(StoreConnectionHandler(store: store))
                }
            }
            .bind(host: listen.hostText, port: Int(listen.port))
            .get()
        store.listener.withLock { $0 = channel }
        if case .replica(let primary) = role { store.follow(primary) }
        return store
    }

    /// Where the store listens, with the real port.
    public var address: Endpoint? {
        listener.withLock { $0?.localAddress }.flatMap { address in
            guard let ip = address.ipAddress, let port = address.port, let port16 = UInt16(exactly: port) else { return nil }
            return Endpoint(host: address.protocol == .inet6 ? .ipv6(ip) : .ipv4(ip), port: port16)
        }
    }

    public func stop() async {
        let (link, replicas) = state.withLock { state in
            state.stopped = true
            return (state.link, Array(state.replicas.values))
        }
        try? await link?.close()
        for replica in replicas { try? await replica.close() }
        try? await listener.withLock { $0 }?.close()
    }

    // MARK: Commands

    /// Answers a client's command. A replica refuses writes; a primary passes each write on to
    /// its replicas as it applies it.
    func execute(_ name: String, _ arguments: [[UInt8]]) -> RESPValue {
        if name == "INFO" { return .bulk(info) }
        if case .replica = role, StoreData.writeCommands.contains(name) {
            return .error("READONLY You can't write against a read only replica.")
        }
        return state.withLock { state in
            let outcome = state.data.execute(name, arguments)
            if outcome.wrote, !state.replicas.isEmpty {
                let command = ByteBuffer(bytes: RESPValue.array([.bulk(name)] + arguments.map { .bulkString($0) }).encoded)
                for replica in state.replicas.values { Self.send(command, to: replica) }
            }
            return outcome.reply
        }
    }

    /// A replica asked to follow this store: it gets the data as it is now, then every write.
    func addReplica(_ channel: Channel) {
        state.withLock { state in
            var bytes: [UInt8] = []
            for command in state.data.snapshot { command.encode(into: &bytes) }
            Self.send(ByteBuffer(bytes: bytes), to: channel)
            state.replicas[ObjectIdentifier(channel)] = channel
        }
    }

    /// Queues `bytes` for a replica. Called with the state locked, it only enqueues a task on the
    /// replica's event loop: tasks run in the order queued, so replicas get writes in the order
    /// they were applied, and a write that fails (and fires channelInactive, which takes the
    /// lock) never runs while the lock is held.
    private static func send(_ bytes: ByteBuffer, to replica: Channel) {
        replica.eventLoop.execute { replica.writeAndFlush(bytes, promise: nil) }
    }

    func removeReplica(_ channel: Channel) {
        _ = state.withLock { $0.replicas.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// A write that came from the primary.
    func applyReplicated(_ name: String, _ arguments: [[UInt8]]) {
        state.withLock { _ = $0.data.execute(name, arguments) }
    }

    private var info: String {
        let (keys, replicas, linked) = state.withLock { ($0.data.values.count, $0.replicas.count, $0.link != nil) }
        var lines = ["# Server", "faultline_store_version:\(FaultlineVersion.current)", "", "# Replication"]
        switch role {
        case .primary:
            lines += ["role:master", "connected_slaves:\(replicas)"]
        case .replica(let primary):
            lines += ["role:slave", "master_host:\(primary.hostText)", "master_port:\(primary.port)",
                      "master_link_status:\(linked ? "up" : "down")"]
        }
        lines += ["", "# Keyspace", "db0:keys=\(keys)"]
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    // MARK: Following a primary

    /// Connects to the primary, asks for its stream, and reconnects (resynchronizing) whenever
    /// the link breaks, until the store stops.
    private func follow(_ primary: Endpoint) {
        ClientBootstrap(group: group)
            .connectTimeout(.seconds(2))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ReplicationHandler(store: self))
                }
            }
            .connect(host: primary.hostText, port: Int(primary.port))
            .whenComplete { result in
                switch result {
                case .success(let channel):
                    let stopped = self.state.withLock { state in
                        if !state.stopped { state.link = channel }
                        return state.stopped
                    }
                    if stopped {
                        channel.close(promise: nil)
                    } else {
                        channel.writeAndFlush(ByteBuffer(bytes: RESPValue.command(["SYNC"]).encoded), promise: nil)
                    }
                case .failure:
                    self.linkLost(retrying: primary)
                }
            }
    }

    /// The link to the primary broke: follow again shortly, unless stopped.
    func linkLost(retrying primary: Endpoint? = nil) {
        let target: Endpoint? = if case .replica(let primary) = role { primary } else { nil }
        let stopped = state.withLock { state in
            state.link = nil
            return state.stopped
        }
        guard !stopped, let target = primary ?? target else { return }
        group.next().scheduleTask(in: .milliseconds(200)) { self.follow(target) }
    }
}
