import ArgumentParser
import FaultlineCore
import FaultlineHarness
import Foundation

/// `faultline run SUITE`: one chaos suite, from starting its nodes to its verdict and reports.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a chaos suite: nodes, proxies, clients, faults, then the checker's verdict.",
        discussion: """
            Writes history.jsonl, schedule.log, the node logs, result.json, junit.xml, verdict.txt and \
            report.html into the output directory. Exits 0 when the verdict is the one the suite \
            expects, 1 when it is not, 2 for a bad suite, 3 when the run could not be carried out \
            (a node that would not start: the end of its log is printed) or was interrupted \
            (Ctrl-C stops everything it started and keeps the history so far).
            """
    )

    @Argument(help: ArgumentHelp("The suite file.", valueName: "suite"))
    var suite: String

    @Option(help: ArgumentHelp("The output directory (default: out/SUITE-NAME/TIME).", valueName: "dir"))
    var out: String?

    @Option(help: "The seed of every random decision (default: the suite's, else a random one).")
    var seed: UInt64?

    /// This executable's absolute path: nodes run in directories of their own, where a relative
    /// path would not find it.
    static var executable: String {
        let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        return own == "/proc/self/exe" ? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path : own
    }

    func run() async throws {
        let log: @Sendable (String) -> Void = { StandardError.print("faultline: \($0)") }
        let name = URL(fileURLWithPath: suite).deletingPathExtension().lastPathComponent
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let runner = SuiteRunner(file: suite, directory: out ?? "out/\(name)/\(stamp)",
                                 faultline: Self.executable, seed: seed, log: log)
        do {
            _ = try runner.load()
        } catch let problems as DiagnosticList {
            StandardError.print(problems.description)
            throw ExitCode(2)
        }
        let running = Task { try await runner.run() }
        let interrupt = Task {
            let signal = await TerminationSignal.wait()
            log("signal \(signal): stopping the run")
            running.cancel()
        }
        let outcome: SuiteOutcome
        do {
            outcome = try await running.value
        } catch {
            interrupt.cancel()
            StandardError.print("faultline: \(Task.isCancelled || error is CancellationError ? "interrupted" : "error: \(error)")")
            throw ExitCode(3)
        }
        interrupt.cancel()
        print("\(outcome.suite): \(outcome.verdict.rawValue) (expected \(outcome.expected.rawValue)): "
            + "\(outcome.invoked) operations, \(outcome.ok) ok, \(outcome.failed) fail, \(outcome.unknown) info; "
            + "\(outcome.scheduleSteps) fault steps; report \(outcome.directory)/report.html")
        if !outcome.asExpected { throw ExitCode(1) }
    }
}
