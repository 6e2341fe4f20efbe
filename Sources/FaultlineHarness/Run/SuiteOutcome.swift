import FaultlineChecker
import FaultlineCore

/// What a suite run found, and where it left its files.
public struct SuiteOutcome: Sendable {
    public var suite: String
    public var seed: UInt64
    public var expected: Suite.Expectation
    public var verdict: CheckReport.Verdict
    /// Operations invoked, and how many ended ok, fail and info.
    public var invoked: Int
    public var ok: Int
    public var failed: Int
    public var unknown: Int
    public var scheduleSteps: Int
    public var directory: String
    public var seconds: Double

    /// Whether the verdict is what the suite expects: linearizable for a safe configuration,
    /// a violation for a known-unsafe one.
    public var asExpected: Bool {
        switch expected {
        case .linearizable: verdict == .linearizable
        case .violation: verdict == .notLinearizable
        }
    }
}
