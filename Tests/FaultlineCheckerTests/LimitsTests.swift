import FaultlineChecker
import FaultlineHistory
import Testing

/// A pathological history (30 concurrent crashed writes, then a read of a value never written)
/// has more configurations than any machine can explore: the checker must say `unknown`.
@Suite struct LimitsTests {
    static let pathological: String = {
        var events = (0..<30).map { "[\($0) :invoke :write \($0)]" }
        events += (0..<30).map { "[\($0) :info :write \($0)]" }
        for reader in 0..<30 { events += ["[\(100 + reader) :invoke :read nil]", "[\(100 + reader) :ok :read \(reader % 30)]"] }
        events += ["[200 :invoke :read nil]", "[200 :ok :read 999]"]
        return "[" + events.joined(separator: " ") + "]"
    }()

    @Test func aTimeLimitGivesUnknown() async throws {
        let report = try await check(Self.pathological, model: "register", options: .init(timeout: .milliseconds(300)))
        #expect(report.verdict == .unknown)
        #expect(report.unknownPartitions.first?.reason == "time limit reached")
    }

    @Test func aMemoryLimitGivesUnknown() async throws {
        let report = try await check(Self.pathological, model: "register", options: .init(memoryBytes: 4 << 20))
        #expect(report.verdict == .unknown)
        #expect(report.unknownPartitions.first?.reason.hasPrefix("memory limit reached") == true)
    }

    /// The same 30 crashed writes, when no read observes their values, cannot help linearize
    /// anything: they are left out and the violation is found at once.
    @Test func unobservedCrashedWritesAreLeftOut() async throws {
        var events = (0..<30).map { "[\($0) :invoke :write \($0)]" } + (0..<30).map { "[\($0) :info :write \($0)]" }
        events += ["[200 :invoke :read nil]", "[200 :ok :read 999]"]
        let report = try await check("[" + events.joined(separator: " ") + "]", model: "register",
                                     options: .init(timeout: .seconds(60)))
        #expect(report.verdict == .notLinearizable)
        #expect(report.statesExplored == 0)
    }
}
