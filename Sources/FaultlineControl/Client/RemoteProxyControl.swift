import FaultlineCore
import FaultlineProfiles
import FaultlineProxy
import Foundation
import NIOHTTP1

/// The proxies of a Faultline server on another machine, driven through its /v1 API: what a
/// schedule or a suite uses for an agent, through the same interface as the local registry.
public struct RemoteProxyControl: ProxyControl {
    /// A request the remote server refused or could not answer.
    public struct RemoteError: Error, CustomStringConvertible {
        public var description: String
    }

    let client: ControlClient

    public init(client: ControlClient) {
        self.client = client
    }

    /// Creates a proxy on the server, as `faultline ctl create` does.
    public func create(_ spec: ProxySpec) async throws {
        _ = try await send(.POST, "/v1/proxies", spec.nativeJSON)
    }

    public func delete(_ proxy: String) async throws {
        _ = try await send(.DELETE, "/v1/proxies/\(proxy)")
    }

    public func partition(_ partition: Partition) async throws {
        let body = JSON.object([("proxies", Self.json(partition.proxies)), ("mode", .string(partition.mode.rawValue)),
                                ("direction", .string(partition.direction.rawValue))])
        _ = try await send(.POST, "/v1/partitions", body)
    }

    public func heal(_ proxies: ProxySelection) async throws {
        _ = try await send(.DELETE, "/v1/partitions", proxies == .all ? nil : .object([("proxies", Self.json(proxies))]))
    }

    public func setEnabled(_ proxies: ProxySelection, _ enabled: Bool) async throws {
        for name in try await names(proxies) {
            _ = try await send(.PATCH, "/v1/proxies/\(name)", .object([("enabled", .bool(enabled))]))
        }
    }

    public func addFault(_ fault: FaultSpec, to proxy: String) async throws {
        _ = try await send(.POST, "/v1/proxies/\(proxy)/faults", fault.nativeJSON)
    }

    public func removeFault(named name: String, from proxy: String) async throws {
        _ = try await send(.DELETE, "/v1/proxies/\(proxy)/faults/\(name)")
    }

    /// Replaces the faults one by one (the API has no single call for it): between the calls,
    /// the proxy briefly has some of the old and some of the new.
    public func setFaults(_ faults: [FaultSpec], of proxy: String) async throws {
        for fault in try await self.faults(of: proxy) { try await removeFault(named: fault.name, from: proxy) }
        for fault in faults { try await addFault(fault, to: proxy) }
    }

    public func faults(of proxy: String) async throws -> [FaultSpec] {
        let body = try await send(.GET, "/v1/proxies/\(proxy)")
        let root = try ConfigDocument.parse(body, file: "answer of \(client.server)")
        let log = DiagnosticLog()
        guard let spec = ProxySpec.decode(Self.withoutStatus(root), at: .root, log: log), log.isEmpty else {
            throw RemoteError(description: "the server's description of proxy '\(proxy)' did not read: "
                + log.diagnostics.map(\.description).joined(separator: "; "))
        }
        return spec.faults
    }

    // MARK: -

    private func names(_ selection: ProxySelection) async throws -> [String] {
        if case .named(let names) = selection { return names }
        let body = try await send(.GET, "/v1/proxies")
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return (object?["proxies"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    private func send(_ method: HTTPMethod, _ path: String, _ body: JSON? = nil) async throws -> String {
        let reply = try await client.send(method, path, body: body?.text)
        guard (200..<300).contains(reply.status.code) else {
            let message = (try? JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any])?["error"] as? String
            throw RemoteError(description: "\(client.server) answered \(reply.status.code) to \(method) \(path): \(message ?? reply.body)")
        }
        return reply.body
    }

    private static func json(_ selection: ProxySelection) -> JSON {
        switch selection {
        case .all: .string("all")
        case .named(let names): .array(names.map { .string($0) })
        }
    }

    /// A proxy's /v1 description without the members that are state, not configuration
    /// (enabled, partition, counters), so that it reads as a profile's proxy entry.
    private static func withoutStatus(_ node: ConfigNode) -> ConfigNode {
        guard case .mapping(let entries) = node.content else { return node }
        let state: Set = ["enabled", "partition", "counters"]
        return ConfigNode(content: .mapping(entries.filter { !state.contains($0.key) }), location: node.location)
    }
}
