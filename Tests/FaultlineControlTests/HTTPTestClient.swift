import BlockingSockets
import Foundation

/// A plain HTTP/1.1 client over a blocking socket, so the tests see exactly what goes over the
/// wire: one request per connection, the status and body as sent.
struct HTTPTestClient: Sendable {
    let port: Int
    var token: String?

    struct Reply: Sendable {
        let status: Int
        let headers: [String: String]
        let body: String

        /// The body parsed as JSON.
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
    }

    func send(_ method: String, _ path: String, _ body: String? = nil) async throws -> Reply {
        let (port, token) = (port, token)
        return try await blocking {
            let socket = try BlockingSocket.connect(port: port)
            defer { socket.close() }
            var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            if let token { request += "Authorization: Bearer \(token)\r\n" }
            if let body { request += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
            request += "\r\n" + (body ?? "")
            try socket.send(request)
            let text = String(decoding: socket.receiveAll().bytes, as: UTF8.self)
            return Self.parse(text)
        }
    }

    func get(_ path: String) async throws -> Reply { try await send("GET", path) }
    func post(_ path: String, _ body: String) async throws -> Reply { try await send("POST", path, body) }

    private static func parse(_ text: String) -> Reply {
        let parts = text.components(separatedBy: "\r\n\r\n")
        let lines = (parts.first ?? "").components(separatedBy: "\r\n")
        let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            let pair = line.split(separator: ":", maxSplits: 1)
            if pair.count == 2 { headers[pair[0].lowercased()] = pair[1].trimmingCharacters(in: .whitespaces) }
        }
        return Reply(status: status, headers: headers, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
    }
}
