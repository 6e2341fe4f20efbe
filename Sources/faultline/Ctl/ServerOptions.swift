import ArgumentParser
import FaultlineControl
import Foundation
import NIOHTTP1

/// Where the control API is and how to talk to it, shared by every `ctl` subcommand.
struct ServerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The control API's address.", valueName: "url"))
    var server = "http://127.0.0.1:8474"

    @Option(help: ArgumentHelp("A file holding the server's bearer token.", valueName: "file"))
    var tokenFile: String?

    @Flag(help: "Print the server's JSON answer instead of a summary.")
    var json = false

    /// Sends one request; a refusal exits 2 with the server's message, no answer exits 3.
    func send(_ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> String {
        let token = try tokenFile.map { try TextFile.read($0, maximumBytes: 4_096).trimmingCharacters(in: .whitespacesAndNewlines) }
        let client: ControlClient
        do {
            client = try ControlClient(url: server, token: token)
        } catch {
            throw ValidationError("--server \(server): \(error)")
        }
        let reply: ControlClient.Reply
        do {
            reply = try await client.send(method, path, body: body)
        } catch {
            StandardError.print("error: \(error)")
            throw ExitCode(3)
        }
        guard (200..<300).contains(reply.status.code) else {
            let message = (try? JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any])?["error"] as? String
            StandardError.print("error: \(reply.status.code) \(reply.status.reasonPhrase): \(message ?? reply.body)")
            throw ExitCode(reply.status.code >= 500 ? 3 : 2)
        }
        return reply.body
    }

    /// Prints the answer as JSON, or `summary` of it.
    func show(_ body: String, summary: (Any) -> String) {
        if json || body.isEmpty {
            if !body.isEmpty { print(body) }
            return
        }
        guard let value = try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) else {
            print(body)
            return
        }
        print(summary(value))
    }
}

/// JSON text for a request body, from plain values.
func jsonText(_ object: [String: Any]) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
}

/// A table with a header row and columns padded to their widest cell.
func table(_ header: [String], _ rows: [[String]]) -> String {
    let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
    return ([header] + rows).map { row in
        row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
            .trimmingCharacters(in: .whitespaces)
    }.joined(separator: "\n")
}
