import ArgumentParser
import Foundation

/// Partitions proxies (a Faultline server only).
struct CtlPartition: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "partition", abstract: "Partition proxies: drop or reject their traffic.")

    @Argument(help: "The proxies, or 'all'.") var proxies: [String]
    @Option(help: "drop (traffic is held, nothing lost) or reject (connections reset).") var mode = "drop"
    @Option(help: "both, upstream or downstream.") var direction = "both"
    @OptionGroup var options: ServerOptions

    func validate() throws {
        guard !proxies.isEmpty else { throw ValidationError("Name the proxies to partition, or 'all'.") }
    }

    func run() async throws {
        let selection: Any = proxies == ["all"] ? "all" : proxies
        let body = jsonText(["proxies": selection, "mode": mode, "direction": direction])
        options.show(try await options.send(.POST, "/v1/partitions", body: body)) { _ in
            "partitioned \(proxies.joined(separator: ", ")) (\(mode), \(direction))"
        }
    }
}

/// Heals partitions (a Faultline server only).
struct CtlHeal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "heal", abstract: "Heal partitions (all, or the proxies named).")

    @Argument(help: "The proxies (default: all).") var proxies: [String] = []
    @OptionGroup var options: ServerOptions

    func run() async throws {
        _ = try await options.send(.DELETE, "/v1/partitions", body: proxies.isEmpty ? nil : jsonText(["proxies": proxies]))
        if !options.json { print("healed \(proxies.isEmpty ? "all" : proxies.joined(separator: ", "))") }
    }
}

/// Loads a profile: its proxies are created or replaced and its schedule starts.
struct CtlLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "load", abstract: "Load a profile into a running server.")

    @Argument(help: "The profile (YAML or JSON).") var profile: String
    @OptionGroup var options: ServerOptions

    func run() async throws {
        let text = try TextFile.read(profile, maximumBytes: 1 << 20)
        options.show(try await options.send(.POST, "/v1/profiles", body: text)) { value in
            let loaded = value as? [String: Any] ?? [:]
            let names = (loaded["proxies"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            return "loaded \(profile): \(names.joined(separator: ", ")); \(loaded["schedule_steps"] as? Int ?? 0) schedule steps"
        }
    }
}
