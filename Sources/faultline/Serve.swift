import ArgumentParser
import FaultlineControl
import FaultlineCore
import FaultlineProfiles
import FaultlineProxy
import Foundation

/// Runs the proxies of one or more profiles, with their schedules, until interrupted.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run proxies, their schedules and the control API until SIGINT or SIGTERM.",
        discussion: """
            Every proxy in the profiles listens and relays through its faults; each profile's \
            schedule starts at once and every step is logged. The control API (Toxiproxy's, \
            plus /metrics) listens on --api, loopback by default; on any other address it needs \
            --token-file (requests then carry 'Authorization: Bearer <token>') or, knowingly, \
            --insecure-no-auth. SIGINT or SIGTERM closes the listeners and connections and exits \
            0. A profile that does not validate exits 2; an address that cannot be bound exits 3.
            """
    )

    @Option(name: .customLong("profile"), help: ArgumentHelp("A profile to serve; repeat for several.", valueName: "file"))
    var profiles: [String] = []

    @Option(help: "The seed of every random decision (default: the first profile's, else a random one).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("Where the control API listens (port 0 picks a free one).", valueName: "host:port"))
    var api = "127.0.0.1:8474"

    @Flag(help: "Run without the control API.")
    var noAPI = false

    @Option(help: ArgumentHelp("A file holding the bearer token every API request must carry.", valueName: "file"))
    var tokenFile: String?

    @Flag(help: "Allow the API on a non-loopback address without a token.")
    var insecureNoAuth = false

    func validate() throws {
        guard !profiles.isEmpty || !noAPI else { throw ValidationError("Name at least one --profile, or run with the API.") }
        guard !noAPI else { return }
        let address: Endpoint
        do {
            address = try Endpoint(parsing: api)
        } catch {
            throw ValidationError("--api: \(error)")
        }
        if !address.isLoopback, tokenFile == nil, !insecureNoAuth {
            throw ValidationError("--api \(api) is not a loopback address: give --token-file, or --insecure-no-auth to serve it to anyone")
        }
    }

    func run() async throws {
        let loaded = try loadProfiles()
        let seed = seed ?? loaded.compactMap(\.seed).first ?? UInt64.random(in: 0...UInt64.max)
        let log: @Sendable (String) -> Void = { StandardError.print("faultline: \($0)") }
        log("seed \(seed)")
        let registry = ProxyRegistry(seed: seed, log: log)
        do {
            for profile in loaded {
                for spec in profile.proxies {
                    let status = try await registry.create(spec)
                    let address = status.listening.map { "\($0)" } ?? "disabled"
                    log("proxy \(spec.name): \(address) -> \(spec.upstream), \(spec.faults.count) faults")
                }
            }
        } catch {
            log("error: \(error)")
            await registry.shutdown()
            throw ExitCode(3)
        }
        let schedules = ScheduleHost(registry: registry, log: log)
        let server: ControlServer?
        do {
            server = noAPI ? nil : try await startAPI(registry: registry, schedules: schedules, log: log)
        } catch {
            log("error: the control API cannot listen on \(api): \(error)")
            await registry.shutdown()
            throw ExitCode(3)
        }
        for (file, profile) in zip(profiles, loaded) {
            await schedules.run(profile.schedule, from: file)
        }
        let signal = await TerminationSignal.wait()
        log("signal \(signal): stopping")
        await schedules.stopAll()
        await server?.stop()
        await registry.shutdown()
        log("stopped")
    }

    private func startAPI(registry: ProxyRegistry, schedules: ScheduleHost, log: @Sendable (String) -> Void) async throws -> ControlServer {
        let address = try Endpoint(parsing: api)
        let token = try tokenFile.map { file in
            guard let token = BearerToken(fileText: try TextFile.read(file, maximumBytes: 4_096)) else {
                throw ValidationError("--token-file \(file) is empty")
            }
            return token
        }
        let control = ControlAPI(registry: registry, schedules: schedules)
        let server = try await ControlServer.start(host: address.hostText, port: Int(address.port), token: token) {
            await control.respond(to: $0)
        }
        log("control API: http://\(server.address?.description ?? api)")
        return server
    }

    private func loadProfiles() throws -> [Profile] {
        var loaded: [Profile] = []
        var names: [String: String] = [:]
        var invalid = false
        for file in profiles {
            do {
                let profile = try Profile(text: TextFile.read(file, maximumBytes: ConfigDocument.maximumBytes), file: file)
                for proxy in profile.proxies {
                    if let other = names[proxy.name] {
                        StandardError.print("\(file): error: proxy '\(proxy.name)' is also defined in \(other)")
                        invalid = true
                    }
                    names[proxy.name] = file
                }
                loaded.append(profile)
            } catch let problems as DiagnosticList {
                StandardError.print(problems.description)
                invalid = true
            } catch {
                StandardError.print("error: \(error)")
                invalid = true
            }
        }
        if invalid { throw ExitCode(2) }
        return loaded
    }
}
