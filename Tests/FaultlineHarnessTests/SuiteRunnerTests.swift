import Foundation
import Synchronization
import Testing
@testable import FaultlineHarness

@Suite struct SuiteRunnerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// While the clients run, progress reports come twice a second with growing counts and the
    /// fault in force (the suite's only one, or none); the outcome agrees with the files written.
    @Test func progressIsReportedWhileTheClientsRun() async throws {
        let reports = Mutex<[SuiteRunner.Progress]>([])
        let directory = try NodeProcessTests.directory()
        let runner = SuiteRunner(file: Self.root + "/profiles/suites/primary-reads.yaml", directory: directory,
                                 faultline: NodeProcessTests.faultline, duration: .milliseconds(1_600), log: { _ in },
                                 progress: { report in reports.withLock { $0.append(report) } })
        let outcome = try await runner.run()
        let seen = reports.withLock { $0 }
        #expect(!seen.isEmpty)
        #expect(seen.map(\.ok) == seen.map(\.ok).sorted(), "counts only grow")
        #expect(seen.allSatisfy { $0.fault == nil || $0.fault == "partition replication (drop, both)" })
        #expect(outcome.asExpected && outcome.ok >= (seen.last?.ok ?? 0))
        let result = try String(contentsOfFile: directory + "/result.json", encoding: .utf8)
        #expect(result.contains("\"ok\":\(outcome.ok)"))
    }
}
