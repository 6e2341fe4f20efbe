import FaultlineProxy

/// Everything the control server answers: Toxiproxy's API and the metrics, over one registry.
public struct ControlAPI: Sendable {
    private let toxiproxy: ToxiproxyAPI
    private let registry: ProxyRegistry

    public init(registry: ProxyRegistry) {
        self.registry = registry
        toxiproxy = ToxiproxyAPI(registry: registry)
    }

    public func respond(to request: ControlRequest) async -> ControlResponse {
        if request.method == .GET, request.path == ["metrics"] {
            return ControlResponse(status: .ok, body: PrometheusExposition.text(for: await registry.status()),
                                   contentType: PrometheusExposition.contentType)
        }
        if let response = await toxiproxy.respond(to: request) { return response }
        return .error(.notFound, "no such endpoint: \(request.method) /\(request.path.joined(separator: "/"))")
    }
}
