import ArgumentParser
import FaultlineChecker
import FaultlineCore
import FaultlineHistory
import Foundation

/// Checks a history for linearizability against a model.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a history for linearizability against a model.",
        discussion: """
            Reads a history (Faultline's JSONL or Jepsen's EDN) and searches for an order of its \
            operations, consistent with real time, that the model accepts. Failed operations did \
            not take effect; info operations and invocations that never completed may have taken \
            effect at any moment after their invocation, or never.

            Models: \(ModelCatalog.names.joined(separator: ", ")).

            Exit codes: 0 linearizable, 1 not linearizable, 2 bad input, 3 unknown (time or memory limit).
            """
    )

    @Argument(help: ArgumentHelp("The history file.", valueName: "history"))
    var history: String

    @Option(help: ArgumentHelp("The model to check against.", valueName: "model"))
    var model: String

    @Option(help: ArgumentHelp("The model's initial value, as EDN or JSON: 0, nil, \"\", false, {:x 0 :y 0}.", valueName: "value"))
    var initial: String?

    @Option(help: "The history's format: auto, jsonl or edn.")
    var format: FormatChoice = .auto

    @Flag(help: "Read jepsen.independent [key value] tuples: check each key on its own.")
    var independent = false

    @Option(help: ArgumentHelp("Give up with 'unknown' after this long, e.g. 30s.", valueName: "duration"))
    var timeout: String?

    @Option(help: ArgumentHelp("Give up with 'unknown' when the search's memory of states exceeds this, e.g. 2GiB.", valueName: "size"))
    var memoryLimit = "2GiB"

    @Flag(help: "Stop at the first key found not linearizable.")
    var firstFailure = false

    @Option(help: ArgumentHelp("Also write a self-contained HTML report to this file.", valueName: "file"))
    var html: String?

    @Flag(help: "Print the result as JSON instead of text.")
    var json = false

    enum FormatChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, jsonl, edn
    }

    func run() async throws {
        let options = try checkerOptions()
        let initialValue = try initialValue()
        guard ModelCatalog.names.contains(model) else {
            throw usage("unknown model '\(model)'; models: \(ModelCatalog.names.joined(separator: ", "))")
        }
        let paired = try readHistory()
        let report = try await check(paired, initial: initialValue, options: options)
        print(json ? JSONReport.render(report) : TextReport.render(report))
        if let html {
            do {
                try HTMLReport.render(report, history: paired, title: history).write(toFile: html, atomically: true, encoding: .utf8)
            } catch {
                StandardError.print("error: cannot write \(html): \(error.localizedDescription)")
                throw ExitCode(3)
            }
        }
        switch report.verdict {
        case .linearizable: return
        case .notLinearizable: throw ExitCode(1)
        case .unknown: throw ExitCode(3)
        }
    }

    private func check(_ paired: PairedHistory, initial: HistoryValue?, options: Checker.Options) async throws -> CheckReport {
        let outcome: Result<CheckReport, ModelError>
        do {
            outcome = .success(try await ModelCatalog.check(paired, model: model, initial: initial, checker: Checker(options: options)))
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(let report): return report
        case .failure(let problem):
            StandardError.print("\(history): error: \(problem.message)")
            throw ExitCode(2)
        }
    }

    private func initialValue() throws -> HistoryValue? {
        guard let initial else { return nil }
        do {
            return try HistoryValue(literal: initial)
        } catch {
            throw usage("--initial: \(error.diagnostics.map(\.message).joined(separator: "; "))")
        }
    }

    /// Reads, decodes and pairs the history, printing located problems and exiting 2 on bad input.
    private func readHistory() throws -> PairedHistory {
        let bytes = try readBytes()
        let chosen = format == .auto ? HistoryFormat.detect(bytes) : (format == .edn ? HistoryFormat.edn : .jsonl)
        let decoded: History
        do {
            decoded = try chosen.decode(bytes, file: history, independent: independent)
        } catch {
            StandardError.print(error.description)
            throw ExitCode(2)
        }
        do {
            return try decoded.paired()
        } catch {
            StandardError.print(error.problems.map { problem in
                "\(history):\(problem.line.map(String.init) ?? "?"): error: event \(problem.index): \(problem.message)"
            }.joined(separator: "\n"))
            throw ExitCode(2)
        }
    }

    private func checkerOptions() throws -> Checker.Options {
        var options = Checker.Options(firstFailure: firstFailure)
        if let timeout {
            do { options.timeout = try Duration(parsing: timeout) } catch { throw usage("--timeout: \(error)") }
        }
        do { options.memoryBytes = Int(try ByteCount(parsing: memoryLimit).bytes) } catch { throw usage("--memory-limit: \(error)") }
        return options
    }

    private func readBytes() throws -> [UInt8] {
        let maximum = 4 << 30
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: history)
            if let size = attributes[.size] as? Int, size > maximum { throw usage("\(history): larger than 4 GiB") }
            guard let data = FileManager.default.contents(atPath: history) else { throw usage("\(history): cannot be read") }
            return [UInt8](data)
        } catch let error as ValidationError {
            throw error
        } catch {
            throw usage("\(history): no such file or not readable")
        }
    }

    private func usage(_ message: String) -> ValidationError { ValidationError(message) }
}
