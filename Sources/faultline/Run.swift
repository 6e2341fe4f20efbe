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

    @Option(help: "Run the suite this many times, with seeds counting up from the first; each run gets its own directory.")
    var `repeat` = 1

    @Option(help: ArgumentHelp("Run the clients this long instead of the suite's duration, e.g. 30s.", valueName: "duration"))
    var duration: String?

    func validate() throws {
        guard `repeat` >= 1 else { throw ValidationError("--repeat must be at least 1.") }
        if let duration, (try? Duration(parsing: duration)).map({ $0 > .zero }) != true {
            throw ValidationError("--duration: expected a duration such as 30s or 5m, got '\(duration)'")
        }
    }

    /// This executable's absolute path: nodes run in directories of their own, where a relative
    /// path would not find it.
    static var executable: String {
        let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        return own == "/proc/self/exe" ? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path : own
    }

    func run() async throws {
        // On a terminal, a progress line is redrawn in place; log lines clear it first.
        let live = isatty(2) == 1
        let clear = live ? "\r\u{1B}[K" : ""
        let log: @Sendable (String) -> Void = { StandardError.print("\(clear)faultline: \($0)") }
        let redraw: @Sendable (SuiteRunner.Progress) -> Void = { StandardError.write(clear + $0.description) }
        let progress = live ? redraw : nil
        let name = URL(fileURLWithPath: suite).deletingPathExtension().lastPathComponent
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let base = out ?? "out/\(name)/\(stamp)"
        let suiteSeed: UInt64?
        do {
            suiteSeed = try SuiteRunner(file: suite, directory: base, faultline: Self.executable, log: log).load().seed
        } catch let problems as DiagnosticList {
            StandardError.print(problems.description)
            throw ExitCode(2)
        }
        let firstRandomSeed = UInt64.random(in: 0...UInt64.max)
        var worst: Int32 = 0
        for index in 0..<`repeat` {
            let runSeed = (seed ?? suiteSeed ?? firstRandomSeed) &+ UInt64(index)
            let runner = SuiteRunner(file: suite, directory: `repeat` == 1 ? base : "\(base)/run-\(index + 1)",
                                     faultline: Self.executable, seed: runSeed, duration: try duration.map { try Duration(parsing: $0) },
                                     log: log, progress: progress)
            worst = max(worst, try await run(runner, log: log))
        }
        if worst != 0 { throw ExitCode(worst) }
    }

    /// One run: 0 as expected, 1 not; interrupted or failed runs end the command with 3.
    private func run(_ runner: SuiteRunner, log: @escaping @Sendable (String) -> Void) async throws -> Int32 {
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
            StandardError.print("faultline: \(error is CancellationError ? "interrupted" : "error: \(error)")")
            throw ExitCode(3)
        }
        interrupt.cancel()
        if isatty(2) == 1 { StandardError.write("\r\u{1B}[K") }
        print("\(outcome.suite): \(outcome.verdict.rawValue) (expected \(outcome.expected.rawValue)): "
            + "\(outcome.invoked) operations, \(outcome.ok) ok, \(outcome.failed) fail, \(outcome.unknown) info; "
            + "\(outcome.scheduleSteps) fault steps; seed \(outcome.seed); report \(outcome.directory)/report.html")
        return outcome.asExpected ? 0 : 1
    }
}
