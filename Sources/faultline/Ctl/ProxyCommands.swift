import ArgumentParser
import Foundation

/// Lists the proxies with their addresses, state and toxics.
struct CtlList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the proxies.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        options.show(try await options.send(.GET, "/proxies")) { value in
            let proxies = (value as? [String: [String: Any]] ?? [:]).sorted { $0.key < $1.key }
            return table(["NAME", "LISTEN", "UPSTREAM", "ENABLED", "TOXICS"], proxies.map { name, proxy in
                let toxics = (proxy["toxics"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                return [name, proxy["listen"] as? String ?? "", proxy["upstream"] as? String ?? "",
                        (proxy["enabled"] as? Bool ?? false) ? "yes" : "no", toxics.isEmpty ? "-" : toxics.joined(separator: ",")]
            })
        }
    }
}

/// Creates a proxy.
struct CtlCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a proxy.")

    @Argument(help: "The proxy's name.") var name: String
    @Option(help: ArgumentHelp("Where it listens (port 0 picks a free one).", valueName: "host:port")) var listen = "127.0.0.1:0"
    @Option(help: ArgumentHelp("Where it forwards.", valueName: "host:port")) var upstream: String
    @Option(name: .customLong("protocol"), help: "tcp, or udp (a Faultline server only).") var transport = "tcp"
    @OptionGroup var options: ServerOptions

    func run() async throws {
        let body = jsonText(["name": name, "listen": listen, "upstream": upstream, "protocol": transport])
        let path = transport == "tcp" ? "/proxies" : "/v1/proxies"
        options.show(try await options.send(.POST, path, body: body)) { value in
            let proxy = value as? [String: Any] ?? [:]
            return "created \(name): \(proxy["listen"] as? String ?? listen) -> \(upstream)"
        }
    }
}

/// Deletes a proxy, closing its connections.
struct CtlDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a proxy.")

    @Argument(help: "The proxy's name.") var name: String
    @OptionGroup var options: ServerOptions

    func run() async throws {
        _ = try await options.send(.DELETE, "/proxies/\(name)")
        if !options.json { print("deleted \(name)") }
    }
}

/// Starts a disabled proxy listening again.
struct CtlEnable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable a proxy.")

    @OptionGroup var target: ProxyTarget

    func run() async throws { try await target.setEnabled(true) }
}

/// Closes a proxy's listener and its connections, keeping its toxics.
struct CtlDisable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: "Disable a proxy.")

    @OptionGroup var target: ProxyTarget

    func run() async throws { try await target.setEnabled(false) }
}

/// One proxy on a server.
struct ProxyTarget: ParsableArguments {
    @Argument(help: "The proxy's name.") var name: String
    @OptionGroup var options: ServerOptions

    func setEnabled(_ enabled: Bool) async throws {
        let body = jsonText(["enabled": enabled])
        options.show(try await options.send(.POST, "/proxies/\(name)", body: body)) { _ in "\(enabled ? "enabled" : "disabled") \(name)" }
    }
}

/// Enables every proxy and removes every toxic.
struct CtlReset: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reset", abstract: "Enable all proxies and remove all toxics.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        _ = try await options.send(.POST, "/reset")
        if !options.json { print("reset") }
    }
}
