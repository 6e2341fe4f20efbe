import ArgumentParser
import Foundation

/// Adds, changes and removes a proxy's toxics (faults).
struct CtlToxic: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toxic", abstract: "Add, update or remove a proxy's toxics.",
        subcommands: [Add.self, Update.self, Remove.self])

    /// Adds a toxic, e.g. `ctl toxic add redis --type latency --attribute latency=100`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a toxic.")

        @Argument(help: "The proxy's name.") var proxy: String
        @Option(help: "The toxic's type: Toxiproxy's (latency, bandwidth, ...) or Faultline's (loss, reorder, ...).") var type: String
        @Option(help: "Its name (default: <type>_<stream>).") var name: String?
        @Option(help: "upstream or downstream (default: downstream).") var stream: String?
        @Option(help: "The share of connections it applies to, 0 to 1 (default: 1).") var toxicity: Double?
        @Option(help: ArgumentHelp("An attribute, repeatable: latency=100, rate=512, probability=5%.", valueName: "key=value"))
        var attribute: [String] = []
        @OptionGroup var options: ServerOptions

        func run() async throws {
            var body: [String: Any] = ["type": type, "attributes": try attributes(attribute)]
            body["name"] = name
            body["stream"] = stream
            body["toxicity"] = toxicity
            options.show(try await options.send(.POST, "/proxies/\(proxy)/toxics", body: jsonText(body))) { value in
                "added \((value as? [String: Any])?["name"] as? String ?? type) to \(proxy)"
            }
        }
    }

    /// Changes a toxic's attributes or toxicity; the others keep their values.
    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Update a toxic's attributes or toxicity.")

        @Argument(help: "The proxy's name.") var proxy: String
        @Argument(help: "The toxic's name.") var name: String
        @Option(help: "The share of connections it applies to, 0 to 1.") var toxicity: Double?
        @Option(help: ArgumentHelp("An attribute to change, repeatable.", valueName: "key=value")) var attribute: [String] = []
        @OptionGroup var options: ServerOptions

        func run() async throws {
            var body: [String: Any] = ["attributes": try attributes(attribute)]
            body["toxicity"] = toxicity
            options.show(try await options.send(.POST, "/proxies/\(proxy)/toxics/\(name)", body: jsonText(body))) { _ in
                "updated \(name) on \(proxy)"
            }
        }
    }

    /// Removes a toxic.
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a toxic.")

        @Argument(help: "The proxy's name.") var proxy: String
        @Argument(help: "The toxic's name.") var name: String
        @OptionGroup var options: ServerOptions

        func run() async throws {
            _ = try await options.send(.DELETE, "/proxies/\(proxy)/toxics/\(name)")
            if !options.json { print("removed \(name) from \(proxy)") }
        }
    }
}

/// `key=value` pairs as JSON attributes: numbers and booleans as such, anything else a string.
private func attributes(_ pairs: [String]) throws -> [String: Any] {
    var result: [String: Any] = [:]
    for pair in pairs {
        let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("--attribute '\(pair)': expected key=value") }
        let value: Any = switch parts[1] {
        case "true": true
        case "false": false
        default: Double(parts[1]).map { $0 as Any } ?? parts[1]
        }
        result[parts[0]] = value
    }
    return result
}
