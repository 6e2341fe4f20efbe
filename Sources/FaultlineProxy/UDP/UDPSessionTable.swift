import FaultlineCore
import NIOCore
import NIOPosix

/// The sessions of one UDP proxy and the relaying between them, confined to the proxy's event
/// loop: datagrams from a client go through the upstream flow's stages to the upstream from the
/// client's session socket; replies come back through the downstream flow's stages and leave
/// from the listening socket, so the client sees them come from the address it sent to.
final class UDPSessionTable {
    private let loop: EventLoop
    private let upstreamAddress: SocketAddress
    private let counters: ProxyCounters
    private let random: SeededRandom
    private let log: @Sendable (String) -> Void
    private var spec: ProxySpec
    private var settings: ProxySettings
    private var sessions: [SocketAddress: UDPSession] = [:]
    private var nextSession = 0
    private let sweepInterval: TimeAmount
    private var sweeper: Scheduled<Void>?
    private var channelsToFlush: [ObjectIdentifier: Channel] = [:]
    var listener: Channel?

    init(loop: EventLoop, spec: ProxySpec, settings: ProxySettings, upstreamAddress: SocketAddress, counters: ProxyCounters,
         random: SeededRandom, log: @escaping @Sendable (String) -> Void) {
        self.loop = loop
        self.spec = spec
        self.settings = settings
        self.upstreamAddress = upstreamAddress
        self.counters = counters
        self.random = random
        self.log = log
        // Idle sessions are looked for four times per timeout, between every 10 ms and every second.
        sweepInterval = .nanoseconds(min(max(spec.sessionTimeout.nanoseconds / 4, 10_000_000), 1_000_000_000))
        scheduleSweep()
    }

    private func scheduleSweep() {
        sweeper = loop.assumeIsolated().scheduleTask(in: sweepInterval) { [weak self] in
                self?.expireIdleSessions()
            self?.scheduleSweep()
        }
    }

    func apply(_ newSettings: ProxySettings) {
        let changed = newSettings.faults != settings.faults
        settings = newSettings
        guard changed else { return }
        for session in sessions.values { rebuild(session) }
    }

    // MARK: Datagrams

    /// A datagram from a client, on the listening socket.
    func received(_ datagram: ByteBuffer, from client: SocketAddress) {
        if let session = sessions[client] {
            forward(datagram, on: .upstream, of: session)
        } else if sessions.count >= spec.maximumSessions {
            counters.connectionRefused()
            counters.datagramDropped(on: .upstream, "session_limit")
        } else {
            forward(datagram, on: .upstream, of: open(client))
        }
    }

    /// A reply from the upstream, on a session's socket.
    func replied(_ datagram: ByteBuffer, to session: UDPSession) {
        forward(datagram, on: .downstream, of: session)
    }

    /// The end of a batch of reads: what was written goes out together.
    func readComplete() {
        for channel in channelsToFlush.values { channel.flush() }
        channelsToFlush.removeAll(keepingCapacity: true)
    }

    private func forward(_ datagram: ByteBuffer, on flow: Flow, of session: UDPSession) {
        let now = loop.now
        session.lastActivity = now
        counters.datagramReceived(on: flow)
        counters.add(bytes: datagram.readableBytes, to: flow)
        if settings.partition?.drops(flow) ?? false {
            counters.datagramDropped(on: flow, "partition")
            return
        }
        if session.pipelines[flow].isEmpty {
            send(datagram, on: flow, of: session, flush: false)
            return
        }
        var tally = PacketTally()
        let departures = session.pipelines[flow].receive(datagram, at: now, tally: &tally)
        if tally != PacketTally() { counters.add(tally, on: flow) }
        for (bytes, time) in departures {
            if time <= now {
                send(bytes, on: flow, of: session, flush: false)
            } else {
                loop.assumeIsolated().scheduleTask(deadline: time) { [weak self, weak session] in
                    guard let self, let session else { return }
                    self.send(bytes, on: flow, of: session, flush: true)
                }
            }
        }
    }

    private func send(_ datagram: ByteBuffer, on flow: Flow, of session: UDPSession, flush: Bool) {
        let channel: Channel?
        let destination: SocketAddress
        switch flow {
        case .upstream:
            guard let upstream = session.upstream else {
                if session.early.count < UDPSession.earlyLimit { session.early.append(datagram) }
                return
            }
            (channel, destination) = (upstream, upstreamAddress)
        case .downstream:
            (channel, destination) = (listener, session.client)
        }
        guard let channel else { return }
        counters.datagramSent(on: flow)
        counters.add(sentBytes: datagram.readableBytes, to: flow)
        channel.write(AddressedEnvelope(remoteAddress: destination, data: datagram), promise: nil)
        if flush { channel.flush() } else { channelsToFlush[ObjectIdentifier(channel)] = channel }
    }

    // MARK: Sessions

    private func open(_ client: SocketAddress) -> UDPSession {
        nextSession += 1
        let session = UDPSession(client: client, faults: [], random: random.derived("session:\(nextSession)"), now: loop.now)
        rebuild(session)
        sessions[client] = session
        counters.connectionOpened()
        let bound = NIOLoopBound((table: self, session: session), eventLoop: loop)
        let anyAddress = upstreamAddress.protocol == .inet6 ? "::" : "0.0.0.0"
        DatagramBootstrap(group: loop)
            .channelOption(ChannelOptions.recvAllocator, value: UDPProxy.datagramBuffers)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SessionHandler(table: bound.value.table, session: bound.value.session))
                }
            }
            .bind(host: anyAddress, port: 0)
            .assumeIsolated()
            .whenComplete { [self] result in
                switch result {
                case .success(let channel):
                    guard sessions[client] === session else {
                        channel.close(promise: nil)
                        return
                    }
                    session.upstream = channel
                    let early = session.early
                    session.early = []
                    for datagram in early { send(datagram, on: .upstream, of: session, flush: false) }
                    channel.flush()
                case .failure(let error):
                    log("proxy \(spec.name): cannot open a socket toward \(upstreamAddress) for \(client): \(error)")
                    close(session)
                }
            }
        return session
    }

    private func rebuild(_ session: UDPSession) {
        session.rebuild(settings.faults)
        // Faults that applied are counted once per session and flow, as for TCP connections.
        for flow in Flow.allCases {
            for type in session.pipelines[flow].faultTypes { counters.faultApplied(type) }
        }
    }

    private func expireIdleSessions() {
        let deadline = loop.now - .nanoseconds(spec.sessionTimeout.nanoseconds)
        for session in sessions.values where session.lastActivity <= deadline {
            close(session)
        }
    }

    private func close(_ session: UDPSession) {
        guard sessions[session.client] === session else { return }
        sessions[session.client] = nil
        session.upstream?.close(promise: nil)
        counters.connectionClosed()
    }

    /// Closes every session and stops expiring them: the proxy is going away.
    func closeAll() {
        sweeper?.cancel()
        sweeper = nil
        for session in sessions.values { close(session) }
    }
}
