import FaultlineControl
import FaultlineCore
import Foundation
import NIOCore
import NIOPosix

/// Checks whether a node is ready, once and briefly (a server that accepts but does not answer,
/// as etcd's /health without a leader, is not ready yet); the node supervisor asks again until it is.
enum Readiness {
    static func holds(_ readiness: NodeSpec.Readiness) async -> Bool {
        switch readiness {
        case .immediately:
            return true
        case .tcpPort(let endpoint):
            guard let channel = try? await connect(to: endpoint) else { return false }
            try? await channel.close()
            return true
        case .http(let endpoint, let path, let status):
            guard let client = try? ControlClient(url: endpoint.description, token: nil),
                  let reply = try? await client.send(.GET, path, timeout: .seconds(2)) else { return false }
            return reply.status.code == status
        case .command(let words):
            guard let command = words.first,
                  let process = try? SpawnedProcess(command: command, arguments: Array(words.dropFirst()), environment: [:],
                                                    directory: nil, logFile: nil) else { return false }
            guard await process.waitForExit(timeout: .seconds(10)) else {
                process.signal(SIGKILL)
                return false
            }
            return process.exitStatus == 0
        }
    }

    private static func connect(to endpoint: Endpoint) async throws -> Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(1))
            .connect(host: endpoint.hostText, port: Int(endpoint.port))
            .get()
    }
}
