import FaultlineCore
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A UDP proxy: listens for datagrams, gives each client address a session of its own toward
/// the upstream, and relays both ways through the faults and partitions in force. Datagrams
/// keep their boundaries; sessions end after `session_timeout` without traffic.
///
/// A partition in `reject` mode acts as `drop` here: UDP has no connection to refuse.
final class UDPProxy: RunningProxy {
    private struct State {
        var spec: ProxySpec
        var settings: ProxySettings
        var listener: Channel?
        var table: NIOLoopBound<UDPSessionTable>?
    }

    /// Every read has room for the largest datagram, so none is ever cut short; each socket
    /// keeps its buffer for reuse, so an active session costs about 64 KiB.
    static let datagramBuffers = FixedSizeRecvByteBufferAllocator(capacity: 65_536)
    /// The listener reads up to 32 datagrams per system call (recvmmsg), each with a full-size
    /// slice of one 2 MiB buffer.
    static let listenerBatch = 32

    let counters = ProxyCounters()
    private let state: NIOLockedValueBox<State>
    private let context: ProxyContext

    init(spec: ProxySpec, context: ProxyContext) {
        state = NIOLockedValueBox(State(spec: spec, settings: ProxySettings(faults: spec.faults, partition: nil)))
        self.context = context
    }

    var spec: ProxySpec { state.withLockedValue { $0.spec } }

    var boundAddress: SocketAddress? { state.withLockedValue { $0.listener?.localAddress } }

    func start() async throws {
        let (spec, settings) = state.withLockedValue { ($0.spec, $0.settings) }
        let upstreamAddress = try SocketAddress.makeAddressResolvingHost(spec.upstream.hostText, port: Int(spec.upstream.port))
        let loop = context.group.next()
        let (counters, context) = (counters, context)
        let table = try await loop.submit {
            NIOLoopBound(UDPSessionTable(loop: loop, spec: spec, settings: settings, upstreamAddress: upstreamAddress,
                                         counters: counters, random: context.random, log: context.log), eventLoop: loop)
        }.get()
        let listener: Channel
        do {
            listener = try await DatagramBootstrap(group: loop)
                .channelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .channelOption(ChannelOptions.recvAllocator,
                               value: FixedSizeRecvByteBufferAllocator(capacity: Self.datagramBuffers.capacity * Self.listenerBatch))
                .channelOption(ChannelOptions.datagramVectorReadMessageCount, value: Self.listenerBatch)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        table.value.listener = channel
                        try channel.pipeline.syncOperations.addHandler(ListenerHandler(table: table.value))
                    }
                }
                .bind(host: spec.listen.hostText, port: Int(spec.listen.port))
                .get()
        } catch {
            try? await loop.submit { table.value.closeAll() }.get()
            throw error
        }
        state.withLockedValue {
            $0.listener = listener
            $0.table = table
            $0.spec.keepBoundPort(listener.localAddress)
        }
    }

    func stop() async {
        let (listener, table) = state.withLockedValue { state in
            let snapshot = (state.listener, state.table)
            state.listener = nil
            state.table = nil
            return snapshot
        }
        try? await listener?.close()
        if let table { try? await table.eventLoop.submit { table.value.closeAll() }.get() }
    }

    func updateSettings(_ change: (inout ProxySettings) -> Void) async {
        let (settings, table) = state.withLockedValue { state in
            change(&state.settings)
            state.spec.faults = state.settings.faults
            return (state.settings, state.table)
        }
        guard let table else { return }
        try? await table.eventLoop.submit { table.value.apply(settings) }.get()
    }
}
