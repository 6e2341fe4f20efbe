import FaultlineCore
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A TCP proxy: listens, dials the upstream for each client, and relays both ways through the
/// faults and partitions in force.
final class TCPProxy: RunningProxy {
    private struct State {
        var spec: ProxySpec
        var settings: ProxySettings
        var connections: [Int: NIOLoopBound<ProxyConnection>] = [:]
        var serverChannel: Channel?
        var nextConnection = 0
    }

    /// Read buffers start small, since each channel keeps its last one for reuse (5,000 idle
    /// connections must stay cheap), and grow to 1 MiB as bulk data fills them.
    static let receiveBuffers = AdaptiveRecvByteBufferAllocator(minimum: 1024, initial: 2048, maximum: 1 << 20)

    let counters = ProxyCounters()
    private let state: NIOLockedValueBox<State>
    private let context: ProxyContext

    init(spec: ProxySpec, context: ProxyContext) {
        state = NIOLockedValueBox(State(spec: spec, settings: ProxySettings(faults: spec.faults, partition: nil)))
        self.context = context
    }

    var spec: ProxySpec { state.withLockedValue { $0.spec } }

    /// The address the listener is bound to (with the real port when the spec said 0).
    var boundAddress: SocketAddress? { state.withLockedValue { $0.serverChannel?.localAddress } }

    /// Starts listening on the spec's address.
    func start() async throws {
        let listen = spec.listen
        let channel = try await ServerBootstrap(group: context.group)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.autoRead, value: false)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.recvAllocator, value: Self.receiveBuffers)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture { try self.accept(channel) }
            }
            .bind(host: listen.hostText, port: Int(listen.port))
            .get()
        state.withLockedValue {
            $0.serverChannel = channel
            $0.spec.keepBoundPort(channel.localAddress)
        }
    }

    /// Closes the listener and every connection.
    func stop() async {
        let (server, connections) = state.withLockedValue { state in
            let snapshot = (state.serverChannel, Array(state.connections.values))
            state.serverChannel = nil
            return snapshot
        }
        try? await server?.close()
        for connection in connections {
            connection.eventLoop.execute { connection.value.abort() }
        }
    }

    func updateSettings(_ change: (inout ProxySettings) -> Void) async {
        let (settings, connections) = state.withLockedValue { state in
            change(&state.settings)
            state.spec.faults = state.settings.faults
            return (state.settings, Array(state.connections.values))
        }
        let applied = connections.map { connection in
            connection.eventLoop.submit {
                let value = connection.value
                value.apply(settings)
                if value.awaitingHeal, !(settings.partition?.drops(.upstream) ?? false) { self.dial(value) }
            }
        }
        for done in applied { try? await done.get() }
    }

    var settings: ProxySettings { state.withLockedValue { $0.settings } }

    // MARK: Connections

    private func accept(_ channel: Channel) throws {
        let (settings, id, count, limit) = state.withLockedValue { state in
            state.nextConnection += 1
            return (state.settings, state.nextConnection, state.connections.count, state.spec.maximumConnections)
        }
        if count >= limit || settings.partition?.mode == .reject {
            counters.connectionRefused()
            // After the initializer the channel is registered, and only then does SO_LINGER take.
            channel.eventLoop.execute { ProxyConnection.reset(channel) }
            return
        }
        let connection = ProxyConnection(
            id: id, client: channel, settings: settings, random: context.random.derived("connection:\(id)"), counters: counters
        ) { [self] id in
            _ = state.withLockedValue { $0.connections.removeValue(forKey: id) }
        }
        if connection.isRejected(by: settings.faults) {
            counters.faultApplied(.reject)
            counters.connectionRefused()
            connection.reset()
            return
        }
        try channel.pipeline.syncOperations.addHandler(RelayHandler(side: .client, connection: connection))
        state.withLockedValue { $0.connections[id] = NIOLoopBound(connection, eventLoop: channel.eventLoop) }
        let delay = settings.faults.compactMap { fault -> Duration? in
            guard case .connectDelay(let connect) = fault.kind, connection.applies(fault) else { return nil }
            counters.faultApplied(.connectDelay)
            return connect.delay
        }.max()
        if let delay {
            channel.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(delay.nanoseconds)) { self.dialUnlessPartitioned(connection) }
        } else {
            dialUnlessPartitioned(connection)
        }
    }

    /// A drop partition toward the upstream means new connections get no upstream until it heals.
    private func dialUnlessPartitioned(_ connection: ProxyConnection) {
        if settings.partition?.drops(.upstream) ?? false {
            connection.awaitingHeal = true
        } else {
            dial(connection)
        }
    }

    private func dial(_ connection: ProxyConnection) {
        connection.awaitingHeal = false
        let spec = spec
        let bound = NIOLoopBound(connection, eventLoop: connection.eventLoop)
        ClientBootstrap(group: connection.eventLoop)
            .channelOption(ChannelOptions.autoRead, value: false)
            .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelOption(ChannelOptions.recvAllocator, value: Self.receiveBuffers)
            .connectTimeout(.nanoseconds(spec.connectTimeout.nanoseconds))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(RelayHandler(side: .upstream, connection: bound.value))
                }
            }
            .connect(host: spec.upstream.hostText, port: Int(spec.upstream.port))
            .whenComplete { [self] result in
                switch result {
                case .success(let channel):
                    bound.value.start(upstream: channel)
                case .failure(let error):
                    counters.upstreamFailed()
                    context.repeatedFailures.log("proxy \(name): cannot reach upstream \(spec.upstream) for connection \(bound.value.id): \(error)",
                                                 kind: "upstream")
                    bound.value.close()
                }
            }
    }
}
