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

    public init(name: String, transport: TransportProtocol = .tcp, listen: Endpoint, upstream: Endpoint,
                enabled: Bool = true, faults: [FaultSpec] = []) {
        self.name = name
        self.transport = transport
        self.listen = listen
        self.upstream = upstream
        self.enabled = enabled
        self.faults = faults
    }
}
