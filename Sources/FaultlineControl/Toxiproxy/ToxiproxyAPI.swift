import FaultlineCore
import FaultlineProfiles
import FaultlineProxy
import NIOHTTP1

/// Toxiproxy's HTTP API over the registry, so that its clients (Go, Ruby, Python, Java,
/// Testcontainers) work unchanged: the same paths, shapes and status codes, with errors as
/// `{"error": "...", "status": N}`. Unknown members of a request are ignored, as Toxiproxy does.
public struct ToxiproxyAPI: Sendable {
    let registry: ProxyRegistry

    public init(registry: ProxyRegistry) {
        self.registry = registry
    }

    /// The answer to `request`, or nil when its path is not one of this API's.
    public func respond(to request: ControlRequest) async -> ControlResponse? {
        guard Self.serves(request.path) else { return nil }
        return await .answering { try await route(request) }
    }

    /// Whether `path` is one of this API's.
    static func serves(_ path: [String]) -> Bool {
        switch (path.count, path.first) {
        case (1, "version"), (1, "proxies"), (1, "populate"), (1, "reset"): true
        case (2, "proxies"): true
        case (3...4, "proxies"): path[2] == "toxics"
        default: false
        }
    }

    private func route(_ request: ControlRequest) async throws -> ControlResponse {
        let path = request.path
        switch (request.method, path.count, path.first) {
        case (.GET, 1, "version"):
            return .json(.object([("version", .string(FaultlineVersion.current))]))
        case (.GET, 1, "proxies"):
            return .json(.object(await registry.status().map { ($0.spec.name, $0.json) }))
        case (.POST, 1, "proxies"):
            return .json(try await registry.create(try ProxyRequest(body: request.body).spec()).json, status: .created)
        case (.POST, 1, "populate"):
            let statuses = try await registry.populate(try ProxyRequest.list(body: request.body).map { try $0.spec() })
            return .json(.object([("proxies", .array(statuses.map(\.json)))]), status: .created)
        case (.POST, 1, "reset"):
            try await registry.reset()
            return .noContent
        case (_, 2, "proxies"):
            return try await proxy(named: path[1], request)
        case (_, 3, "proxies") where path[2] == "toxics":
            return try await toxics(of: path[1], request)
        case (_, 4, "proxies") where path[2] == "toxics":
            return try await toxic(named: path[3], of: path[1], request)
        default:
            throw ControlError.methodNotAllowed(request)
        }
    }

    private func proxy(named name: String, _ request: ControlRequest) async throws -> ControlResponse {
        switch request.method {
        case .GET:
            return .json(try await registry.status(of: name).json)
        case .POST, .PATCH:
            let changes = try ProxyRequest(body: request.body)
            let status = try await registry.update(name, listen: changes.listen, upstream: changes.upstream, enabled: changes.enabled)
            return .json(status.json)
        case .DELETE:
            try await registry.delete(name)
            return .noContent
        default:
            throw ControlError.methodNotAllowed(request)
        }
    }

    private func toxics(of proxy: String, _ request: ControlRequest) async throws -> ControlResponse {
        switch request.method {
        case .GET:
            return .json(.array(try await registry.faults(of: proxy).map(\.toxicJSON)))
        case .POST:
            let body = try RequestBody(request.body)
            let toxic = try Toxic(try RequestBody.members(of: body.root, "a toxic"))
            let fault = try toxic.fault(for: try await registry.status(of: proxy).spec.transport)
            try await registry.addFault(fault, to: proxy)
            return .json(fault.toxicJSON)
        default:
            throw ControlError.methodNotAllowed(request)
        }
    }

    private func toxic(named name: String, of proxy: String, _ request: ControlRequest) async throws -> ControlResponse {
        let existing = try await existingFault(named: name, of: proxy)
        switch request.method {
        case .GET:
            return .json(existing.toxicJSON)
        case .POST, .PATCH:
            let body = try RequestBody(request.body)
            let current = try Toxic(try RequestBody.members(of: try RequestBody(existing.toxicJSON.text).root, "a toxic"))
            let updated = try current.merging(try RequestBody.members(of: body.root, "a toxic"))
            let fault = try updated.fault(for: try await registry.status(of: proxy).spec.transport)
            try await registry.updateFault(named: name, with: fault, of: proxy)
            return .json(fault.toxicJSON)
        case .DELETE:
            try await registry.removeFault(named: name, from: proxy)
            return .noContent
        default:
            throw ControlError.methodNotAllowed(request)
        }
    }

    private func existingFault(named name: String, of proxy: String) async throws -> FaultSpec {
        guard let fault = try await registry.faults(of: proxy).first(where: { $0.name == name }) else {
            throw RegistryError.unknownFault(proxy: proxy, fault: name)
        }
        return fault
    }
}

/// The members of a proxy in a create or update request.
struct ProxyRequest {
    var name: String?
    var listen: Endpoint?
    var upstream: Endpoint?
    var enabled: Bool?
    var transport: TransportProtocol?

    init(body: String) throws(ControlError) {
        try self.init(RequestBody.members(of: RequestBody(body).root, "a proxy"))
    }

    init(_ members: [String: ConfigNode]) throws(ControlError) {
        name = try RequestBody.string(members, "name")
        listen = try RequestBody.endpoint(members, "listen")
        upstream = try RequestBody.endpoint(members, "upstream")
        enabled = try RequestBody.bool(members, "enabled")
        if let text = try RequestBody.string(members, "protocol") {
            guard let transport = TransportProtocol(rawValue: text) else {
                throw ControlError(.badRequest, "'protocol' must be tcp or udp, got '\(text)'")
            }
            self.transport = transport
        }
    }

    /// Proxies for /populate: a JSON array of proxies, or `{"proxies": [...]}`.
    static func list(body: String) throws(ControlError) -> [ProxyRequest] {
        var root = try RequestBody(body).root
        if case .mapping = root.content, let proxies = try RequestBody.members(of: root, "proxies")["proxies"] {
            root = proxies
        }
        guard case .sequence(let items) = root.content else {
            throw ControlError(.badRequest, "\(root.location): expected an array of proxies, got \(root.kindDescription(json: true))")
        }
        return try items.map { (item) throws(ControlError) in try ProxyRequest(RequestBody.members(of: item, "a proxy")) }
    }

    /// The spec of a new proxy: a name and an upstream are required; it listens on a free
    /// loopback port unless told otherwise.
    func spec() throws(ControlError) -> ProxySpec {
        guard let name, !name.isEmpty else { throw ControlError(.badRequest, "missing required field: name") }
        guard let upstream else { throw ControlError(.badRequest, "missing required field: upstream") }
        return ProxySpec(name: name, transport: transport ?? .tcp,
                         listen: listen ?? Endpoint(host: .ipv4("127.0.0.1"), port: 0), upstream: upstream,
                         enabled: enabled ?? true)
    }
}

extension ProxyRegistry.Status {
    /// The proxy as Toxiproxy shows it, with the address it really listens on.
    var json: JSON {
        .object([
            ("name", .string(spec.name)),
            ("listen", .string((listening ?? spec.listen).description)),
            ("upstream", .string(spec.upstream.description)),
            ("enabled", .bool(listening != nil)),
            ("protocol", .string(spec.transport.rawValue)),
            ("toxics", .array(spec.faults.map(\.toxicJSON))),
        ])
    }
}

extension RegistryError {
    var response: ControlResponse {
        switch self {
        case .unknownProxy, .unknownFault: .error(.notFound, description)
        case .duplicateProxy, .duplicateFault: .error(.conflict, description)
        case .invalidFault: .error(.badRequest, description)
        case .cannotListen: .error(.internalServerError, description)
        }
    }
}
