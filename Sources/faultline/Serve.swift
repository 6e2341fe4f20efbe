import ArgumentParser
import FaultlineCore
import FaultlineProfiles
import FaultlineProxy
import Foundation

/// Runs the proxies of one or more profiles, with their schedules, until interrupted.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the proxies and schedules of profiles until SIGINT or SIGTERM.",
        discussion: """
            Every proxy in the profiles listens and relays through its faults; each profile's \
            schedule starts at once and every step is logged. SIGINT or SIGTERM closes the \
            listeners and connections and exits 0. A profile that does not validate exits 2; a \
            proxy that cannot listen (address in use) exits 3.
            """
    )

    @Option(name: .customLong("profile"), help: ArgumentHelp("A profile to serve; repeat for several.", valueName: "file"))
    var profiles: [String] = []

    @Option(help: "The seed of every random decision (default: the first profile's, else a random one).")
    var seed: UInt64?

    func validate() throws {
        guard !profiles.isEmpty else { throw ValidationError("Name at least one --profile.") }
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
        let schedules = loaded.filter { !$0.schedule.isEmpty }.map { profile in
            Task {
                await ScheduleRunner(steps: profile.schedule, control: registry, clock: ContinuousClock(), log: log).run()
            }
        }
        let signal = await TerminationSignal.wait()
        log("signal \(signal): stopping")
        schedules.forEach { $0.cancel() }
        await registry.shutdown()
        log("stopped")
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
