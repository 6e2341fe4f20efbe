/// A proxy as configured: where it listens, where it forwards, and the faults on its traffic.
public struct ProxySpec: Hashable, Sendable {
    public var name: String
    public var transport: TransportProtocol
    /// Port 0 picks a free port when the proxy starts.
    public var listen: Endpoint
    public var upstream: Endpoint
    public var enabled: Bool
    /// Applied in this order to each flow they cover.
    public var faults: [FaultSpec]
    /// How long dialling the upstream may take before the client is turned away (TCP).
    public var connectTimeout: Duration
    /// Clients beyond this many open connections are refused with a reset (TCP).
    public var maximumConnections: Int

    /// A UDP session (one client address) ends after this long without a datagram either way.
    public var sessionTimeout: Duration
    /// Datagrams from new client addresses beyond this many sessions are dropped (UDP).
    public var maximumSessions: Int

    public static let defaultConnectTimeout = Duration.seconds(5)
    public static let defaultMaximumConnections = 10_000
    public static let defaultSessionTimeout = Duration.seconds(60)
    public static let defaultMaximumSessions = 10_000

    public init(name: String, transport: TransportProtocol = .tcp, listen: Endpoint, upstream: Endpoint,
                enabled: Bool = true, faults: [FaultSpec] = [], connectTimeout: Duration = defaultConnectTimeout,
                maximumConnections: Int = defaultMaximumConnections, sessionTimeout: Duration = defaultSessionTimeout,
                maximumSessions: Int = defaultMaximumSessions) {
        self.name = name
        self.transport = transport
        self.listen = listen
        self.upstream = upstream
        self.enabled = enabled
        self.faults = faults
        self.connectTimeout = connectTimeout
        self.maximumConnections = maximumConnections
        self.sessionTimeout = sessionTimeout
        self.maximumSessions = maximumSessions
    }
}
