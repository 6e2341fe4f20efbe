import FaultlineCore
import NIOCore

/// One client connection through a proxy, with its upstream connection and the two flows
/// between them. Confined to its event loop.
///
/// Whether each fault applies is drawn once per connection (its toxicity), from a random stream
/// of the connection's own, so one connection's traffic never changes another's decisions.
final class ProxyConnection {
    let id: Int
    let client: Channel
    let counters: ProxyCounters
    private(set) var upstream: Channel?
    private var toxicity: ToxicityDraws
    /// The two flows, once the upstream is connected.
    private var links: FlowPair<RelayLink>?
    private var settings: ProxySettings
    private var isClosed = false
    private let onClose: (Int) -> Void
    /// Accepted during a drop partition toward the upstream: dialled when it heals.
    var awaitingHeal = false
    /// What the client sent before the upstream was connected: NIO reads a peer's last data and
    /// its FIN even while reading is off, so they are kept and replayed when the flows start.
    private var early: (data: [ByteBuffer], ended: Bool) = ([], false)

    init(id: Int, client: Channel, settings: ProxySettings, random: SeededRandom, counters: ProxyCounters,
         onClose: @escaping (Int) -> Void) {
        self.id = id
        self.client = client
        self.settings = settings
        toxicity = ToxicityDraws(random: random)
        self.counters = counters
        self.onClose = onClose
        counters.connectionOpened()
    }

    var eventLoop: EventLoop { client.eventLoop }

    /// Whether `fault` applies to this connection, drawn the first time it is asked.
    func applies(_ fault: FaultSpec) -> Bool {
        toxicity.applies(fault)
    }

    /// Whether one of `faults` is a reject that applies to this connection.
    func isRejected(by faults: [FaultSpec]) -> Bool {
        faults.contains { $0.kind == .reject && applies($0) }
    }

    /// The upstream is connected: relay both ways.
    func start(upstream: Channel) {
        guard !isClosed else {
            upstream.close(promise: nil)
            return
        }
        self.upstream = upstream
        let links = FlowPair(
            upstream: RelayLink(flow: .upstream, source: client, target: upstream, connection: self,
                                pipeline: pipeline(for: .upstream)),
            downstream: RelayLink(flow: .downstream, source: upstream, target: client, connection: self,
                                  pipeline: pipeline(for: .downstream)))
        self.links = links
        for link in links.both {
            link.setPaused(settings.partition?.drops(link.flow) ?? false)
            link.open()
        }
        early.data.forEach(links.upstream.received)
        links.upstream.readComplete()
        if early.ended { links.upstream.inputClosed() }
        early = ([], false)
    }

    /// New faults or partition: rebuild the stages of both flows, keeping toxicity draws.
    func apply(_ newSettings: ProxySettings) {
        let oldFaults = settings.faults
        settings = newSettings
        if newSettings.partition?.mode == .reject || isRejected(by: newSettings.faults) {
            reset()
            return
        }
        if newSettings.faults != oldFaults {
            for link in links?.both ?? [] { link.replace(pipeline(for: link.flow)) }
        }
        for link in links?.both ?? [] { link.setPaused(newSettings.partition?.drops(link.flow) ?? false) }
    }

    private func pipeline(for flow: Flow) -> FaultPipeline {
        let stages = toxicity.stages(settings.faults, for: flow) { $0.streamStage(random: $1) }
        for (type, _) in stages { counters.faultApplied(type) }
        return FaultPipeline(stages.map(\.stage))
    }

    // MARK: Events from the channels

    func received(_ data: ByteBuffer, from side: Side) {
        guard let link = links?[side.flow] else {
            early.data.append(data)
            return
        }
        link.received(data)
    }

    func readComplete(from side: Side) { links?[side.flow].readComplete() }

    func inputClosed(on side: Side) {
        guard let link = links?[side.flow] else {
            early.ended = true
            return
        }
        link.inputClosed()
    }

    func writabilityChanged(on side: Side) {
        links?[side.flow.reversed].targetWritabilityChanged()
    }

    /// A flow passed its half-close on; when both have, the connection is done.
    func flowFinished() {
        if links?.both.allSatisfy(\.finished) ?? true { close() }
    }

    /// One side reset the connection (RST) or failed: the other side gets a reset too.
    func failed(on side: Side, error: Error) {
        if let io = error as? IOError, io.errnoCode == ECONNRESET {
            reset()
        } else {
            close()
        }
    }

    /// One side's socket went away entirely (NIO closes a socket once both its directions have
    /// ended). For the flow it fed, that is the end of the stream, passed on after whatever is
    /// still held (by a partition or a delay); the flow toward it has nowhere left to go.
    func inactive(on side: Side) {
        guard !isClosed else { return }
        guard let links else {
            close()
            return
        }
        links[side.flow].inputClosed()
        links[side.flow.reversed].abandon()
    }

    /// Closes both sides once what was written to each has gone out.
    func close() {
        end { channel in channel.afterPendingWrites { channel.close(promise: nil) } }
    }

    /// Closes both sides at once, discarding what is still pending: the proxy is going away.
    func abort() {
        end { $0.close(promise: nil) }
    }

    /// Resets both sides: the peers see an RST.
    func reset() {
        end(Self.reset)
    }

    private func end(_ closing: (Channel) -> Void) {
        guard !isClosed else { return }
        isClosed = true
        for link in links?.both ?? [] { link.stop() }
        for channel in [client, upstream].compactMap({ $0 }) { closing(channel) }
        counters.connectionClosed()
        onClose(id)
    }

    /// Closes `channel` with an RST: the close waits until SO_LINGER 0 is in force, since a
    /// close that overtook it would send a FIN.
    static func reset(_ channel: Channel) {
        guard let options = channel as? SocketOptionProvider else {
            channel.close(promise: nil)
            return
        }
        options.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
    }

    /// Which socket an event came from.
    enum Side {
        case client
        case upstream

        /// The flow whose source this side is.
        var flow: Flow { self == .client ? .upstream : .downstream }
    }
}

extension Flow {
    var reversed: Flow { self == .upstream ? .downstream : .upstream }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
