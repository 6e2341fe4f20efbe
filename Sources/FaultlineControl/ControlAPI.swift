import FaultlineProxy

/// Everything the control server answers: Toxiproxy's API, Faultline's own under /v1, and the
/// metrics, over one registry.
public struct ControlAPI: Sendable {
    private let toxiproxy: ToxiproxyAPI
    private let native: NativeAPI
    private let registry: ProxyRegistry

    public init(registry: ProxyRegistry, schedules: ScheduleHost) {
        self.registry = registry
        toxiproxy = ToxiproxyAPI(registry: registry)
        native = NativeAPI(registry: registry, schedules: schedules)
    }

    public func respond(to request: ControlRequest) async -> ControlResponse {
        if request.method == .GET, request.path == ["metrics"] {
            return ControlResponse(status: .ok, body: PrometheusExposition.text(for: await registry.status()),
                                   contentType: PrometheusExposition.contentType)
        }
        if request.path.first == "v1" { return await native.respond(to: request) }
        if let response = await toxiproxy.respond(to: request) { return response }
        return .error(.notFound, "no such endpoint: \(request.method) /\(request.path.joined(separator: "/"))")
    }
}
