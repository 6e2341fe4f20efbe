import FaultlineControl
import FaultlineCore
import FaultlineHistory
import Foundation

/// A workload that a user's command runs, in any language, recording what its clients do
/// itself: by POSTing events (JSON lines, or one JSON object) to `FAULTLINE_RECORD_URL`, or by
/// appending JSON lines to the file `FAULTLINE_HISTORY`. Both reach the same history, stamped
/// with the harness's clock, beside the faults.
///
/// The command runs in the suite file's directory, with `FAULTLINE_DURATION` (seconds) and
/// `FAULTLINE_SEED` also set. It should stop by itself after the duration; if it has not 5
/// seconds later it is stopped (SIGTERM, then SIGKILL), its open operations left pending.
struct ExternalWorkload {
    var command: [String]
    var environment: [String: String]
    var duration: Duration
    var seed: UInt64
    /// Where the command runs.
    var directory: String
    /// Where its output and the events file go.
    var output: String
    var log: @Sendable (String) -> Void

    static let grace = Duration.seconds(5)

    /// Runs the command to its end, recording its events; throws when it fails (its log's end
    /// in the message) or when some of its events were refused.
    func run(recorder: HistoryRecorder) async throws {
        let intake = ExternalEventIntake(recorder: recorder)
        let server = try await ControlServer.start(host: "127.0.0.1", port: 0, token: nil) { request in
            await Self.respond(to: request, intake: intake)
        }
        do {
            try await runCommand(recordingAt: server.address, intake: intake)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    private func runCommand(recordingAt address: Endpoint?, intake: ExternalEventIntake) async throws {
        let eventsFile = output + "/workload-events.jsonl"
        let logFile = output + "/workload.log"
        _ = FileManager.default.createFile(atPath: eventsFile, contents: nil)
        var variables = environment
        variables["FAULTLINE_RECORD_URL"] = "http://\(address?.description ?? "127.0.0.1:0")/v1/history/events"
        variables["FAULTLINE_HISTORY"] = eventsFile
        variables["FAULTLINE_DURATION"] = String(duration.seconds)
        variables["FAULTLINE_SEED"] = String(seed)

        log("starting the workload: \(command.joined(separator: " "))")
        let process = try SpawnedProcess(command: command[0], arguments: Array(command.dropFirst()), environment: variables,
                                         directory: directory, logFile: logFile)
        var follower = LineFollower(path: eventsFile)
        let deadline = ContinuousClock.now + duration + Self.grace
        var stoppedAtDeadline = false
        do {
            while process.isRunning {
                await take(follower.newLines(), from: eventsFile, into: intake)
                if ContinuousClock.now >= deadline {
                    log("the workload is still running \(Self.grace) after its duration; stopping it")
                    stoppedAtDeadline = true
                    await Self.stop(process)
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        } catch {
            await Self.stop(process)
            await take(follower.newLines(final: true), from: eventsFile, into: intake)
            throw error
        }
        await take(follower.newLines(final: true), from: eventsFile, into: intake)

        if !stoppedAtDeadline, let status = process.exitStatus, status != 0 {
            throw SuiteRunner.RunError(description: "the workload command exited with status \(status); the end of its log:\n"
                + Self.tail(of: logFile))
        }
        let problems = await intake.problems
        if !problems.isEmpty {
            let shown = problems.prefix(5).joined(separator: "\n  ")
            throw SuiteRunner.RunError(description: "the workload reported \(problems.count) event(s) that could not be recorded:\n  "
                + shown + (problems.count > 5 ? "\n  ..." : ""))
        }
    }

    private func take(_ lines: [(line: Int, bytes: [UInt8])], from file: String, into intake: ExternalEventIntake) async {
        for (line, bytes) in lines { _ = await intake.take(bytes, source: file, firstLine: line) }
    }

    /// POST /v1/history/events: 200 with the count recorded, or 400 naming each refused event.
    static func respond(to request: ControlRequest, intake: ExternalEventIntake) async -> ControlResponse {
        guard request.path == ["v1", "history", "events"] else {
            return .error(.notFound, "no such endpoint: \(request.method) /\(request.path.joined(separator: "/")); "
                + "events go to POST /v1/history/events")
        }
        guard request.method == .POST else { return .error(.methodNotAllowed, "events are sent with POST") }
        let (recorded, problems) = await intake.take(Array(request.body.utf8), source: "request body")
        let count = ("recorded", JSON.integer(Int64(recorded)))
        guard problems.isEmpty else {
            return .json(.object([("error", .string(problems.joined(separator: "; "))), count,
                                  ("problems", .array(problems.map { .string($0) }))]), status: .badRequest)
        }
        return .json(.object([count]))
    }

    private static func stop(_ process: SpawnedProcess) async {
        process.signal(SIGTERM)
        if await !process.waitForExit(timeout: grace) {
            process.signal(SIGKILL)
            _ = await process.waitForExit(timeout: .seconds(5))
        }
    }

    private static func tail(of file: String) -> String {
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(21).joined(separator: "\n")
            .trimmingCharacters(in: .newlines)
    }
}
