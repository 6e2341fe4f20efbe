import FaultlineCore
import FaultlineProfiles
import FaultlineProxy
import NIOHTTP1

/// Faultline's own API under /v1: the full model (UDP proxies, every fault parameter, partitions,
/// profiles, schedules) in the profile language's shapes. Unlike the Toxiproxy API it is strict:
/// an unknown member is an error naming where it is, as in a profile.
struct NativeAPI: Sendable {
    let registry: ProxyRegistry
    let schedules: ScheduleHost

    func respond(to request: ControlRequest) async -> ControlResponse {
        await .answering { try await route(request) }
    }

    private func route(_ request: ControlRequest) async throws -> ControlResponse {
        let path = Array(request.path.dropFirst())
        switch (request.method, path.count, path.first) {
        case (.GET, 1, "proxies"):
            return .json(.object([("proxies", .array(await registry.status().map(\.nativeJSON)))]))
        case (.POST, 1, "proxies"):
            let spec = try decode(request.body) { node, log in ProxySpec.decode(node, at: .root, log: log) }
            return .json(try await registry.create(spec).nativeJSON, status: .created)
        case (_, 2, "proxies"):
            return try await proxy(named: path[1], request)
        case (_, 3, "proxies") where path[2] == "faults":
            return try await faults(of: path[1], request)
        case (_, 4, "proxies") where path[2] == "faults":
            return try await fault(named: path[3], of: path[1], request)
        case (.POST, 1, "partitions"):
            let action = try await decodeAction("partition", request.body)
            guard case .partition(let partition) = action else { throw ControlError(.badRequest, "not a partition") }
            try await registry.partition(partition)
            return .json(.object([("partitions", .array(await registry.status().compactMap { status in
                status.partition.map { .object([("proxy", .string(status.spec.name)), ("mode", .string($0.mode.rawValue)),
                                                ("direction", .string($0.direction.rawValue))]) }
            }))]))
        case (.DELETE, 1, "partitions"):
            try await registry.heal(try await healSelection(request.body))
            return .noContent
        case (.POST, 1, "profiles"):
            let profile = try Profile(text: try Self.bounded(request.body), file: RequestBody.file)
            let statuses = try await registry.populate(profile.proxies)
            await schedules.run(profile.schedule, from: "profile posted to /v1/profiles")
            return .json(.object([("proxies", .array(statuses.map(\.nativeJSON))),
                                  ("schedule_steps", .integer(Int64(profile.schedule.count)))]), status: .created)
        case (.GET, 1, "schedule"):
            return .json(await schedules.json)
        default:
            throw ControlError(.notFound, "no such endpoint: \(request.method) /\(request.path.joined(separator: "/"))")
        }
    }

    private func proxy(named name: String, _ request: ControlRequest) async throws -> ControlResponse {
        switch request.method {
        case .GET:
            return .json(try await registry.status(of: name).nativeJSON)
        case .PATCH:
            let changes = try decode(request.body) { node, log -> (Endpoint?, Endpoint?, Bool?)? in
                guard var fields = MappingReader(node, at: .root, describing: "changes to a proxy", log: log) else { return nil }
                let changes = (fields.optional("listen", .endpoint), fields.optional("upstream", .endpoint), fields.optional("enabled", .bool))
                fields.finish()
                return changes
            }
            return .json(try await registry.update(name, listen: changes.0, upstream: changes.1, enabled: changes.2).nativeJSON)
        case .DELETE:
            try await registry.delete(name)
            return .noContent
        default:
            throw ControlError.methodNotAllowed(request)
        }
    }

    private func faults(of proxy: String, _ request: ControlRequest) async throws -> ControlResponse {
        switch request.method {
        case .GET:
            return .json(.object([("faults", .array(try await registry.faults(of: proxy).map(\.nativeJSON)))]))
        case .POST:
            let fault = try await decodeFault(request.body, for: proxy)
            try await registry.addFault(fault, to: proxy)
            return .json(fault.nativeJSON, status: .created)
        default:
            throw ControlError.methodNotAllowed(request)
        }
    }

    private func fault(named name: String, of proxy: String, _ request: ControlRequest) async throws -> ControlResponse {
        switch request.method {
        case .GET:
            guard let fault = try await registry.faults(of: proxy).first(where: { $0.name == name }) else {
                throw RegistryError.unknownFault(proxy: proxy, fault: name)
            }
            return .json(fault.nativeJSON)
        case .PUT:
            let fault = try await decodeFault(request.body, for: proxy, defaultName: name)
            try await registry.updateFault(named: name, with: fault, of: proxy)
            return .json(fault.nativeJSON)
        case .DELETE:
            try await registry.removeFault(named: name, from: proxy)
            return .noContent
        default:
            throw ControlError.methodNotAllowed(request)
        }
    }

    // MARK: Reading bodies in the profile language

    /// Decodes a body with a profile decoder; every problem is reported with where it is.
    private func decode<Value>(_ body: String, _ decoder: (ConfigNode, DiagnosticLog) -> Value?) throws -> Value {
        let root = try ConfigDocument.parse(try Self.bounded(body), file: RequestBody.file)
        let log = DiagnosticLog()
        let value = decoder(root, log)
        try log.throwIfAny()
        guard let value else { throw ControlError(.badRequest, "the request body describes nothing") }
        return value
    }

    private func decodeFault(_ body: String, for proxy: String, defaultName: String? = nil) async throws -> FaultSpec {
        let transport = try await registry.status(of: proxy).spec.transport
        return try decode(body) { node, log in
            FaultSpec.decode(Self.naming(node, defaultName), at: .root, transport: transport, log: log)
        }
    }

    /// `node` with a `name` member when it has none and `name` is given (a PUT keeps the name in its path).
    private static func naming(_ node: ConfigNode, _ name: String?) -> ConfigNode {
        guard let name, case .mapping(let entries) = node.content, !entries.contains(where: { $0.key == "name" }) else { return node }
        let named = ConfigNode.Entry(key: "name", keyLocation: node.location,
                                     value: ConfigNode(content: .scalar(name, plain: false), location: node.location))
        return ConfigNode(content: .mapping(entries + [named]), location: node.location)
    }

    private func decodeAction(_ keyword: String, _ body: String) async throws -> ScheduleAction {
        let proxies = await registry.status().map(\.spec)
        return try decode(body) { node, log in ScheduleAction.decode(keyword, node, at: .root, proxies: proxies, log: log) }
    }

    /// The proxies a `DELETE /v1/partitions` heals: all without a body, else `{"proxies": ...}`.
    private func healSelection(_ body: String) async throws -> ProxySelection {
        guard !body.allSatisfy(\.isWhitespace) else { return .all }
        let proxies = await registry.status().map(\.spec)
        return try decode(body) { node, log -> ProxySelection? in
            guard var fields = MappingReader(node, at: .root, describing: "the proxies to heal ({\"proxies\": ...})", log: log)
            else { return nil }
            let selection = fields.required("proxies", expected: "'all' or a list of proxy names") { node, path -> ProxySelection? in
                guard case .heal(let selection)? = ScheduleAction.decode("heal", node, at: path, proxies: proxies, log: log)
                else { return nil }
                return selection
            }
            fields.finish()
            return selection
        }
    }

    private static func bounded(_ body: String) throws(ControlError) -> String {
        guard !body.allSatisfy(\.isWhitespace) else { throw ControlError(.badRequest, "a request body is required") }
        return body
    }
}
