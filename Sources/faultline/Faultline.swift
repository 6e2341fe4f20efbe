import ArgumentParser
import FaultlineCore

/// The `faultline` command: a fault-injection proxy and chaos harness.
@main
struct Faultline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faultline",
        abstract: "A fault-injection network proxy and chaos harness.",
        discussion: """
            Faultline sits between clients and servers, injects latency, loss, resets and partitions \
            described in YAML profiles, and checks what clients saw.

            Exit codes: 0 success, 1 a check found a violation, 2 usage or configuration error, \
            3 runtime failure.
            """,
        version: FaultlineVersion.current,
        subcommands: [Validate.self, Run.self, Serve.self, Ctl.self, LabCommand.self, StoreCommand.self, Check.self, Version.self]
    )

    /// Runs the command with DESIGN.md's exit codes: usage errors exit 2 (ArgumentParser's own
    /// default is 64) and unexpected errors 3 (1 is reserved for "a check found a violation").
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            exit(withError: code)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            StandardError.print(fullMessage(for: error))
            exit(withError: ExitCode(code == .validationFailure ? 2 : 3))
        }
    }
}
