import FaultlineChecker
import FaultlineCore
import Foundation

/// The files a run leaves beside its history: result.json for tools, junit.xml for CI.
enum SuiteReports {
    static func resultJSON(_ outcome: SuiteOutcome) -> String {
        let fields: [(String, String)] = [
            ("suite", outcome.suite.jsonQuoted), ("seed", String(outcome.seed)),
            ("expected", outcome.expected.rawValue.jsonQuoted), ("verdict", outcome.verdict.rawValue.jsonQuoted),
            ("as_expected", outcome.asExpected ? "true" : "false"), ("invoked", String(outcome.invoked)),
            ("ok", String(outcome.ok)), ("fail", String(outcome.failed)), ("info", String(outcome.unknown)),
            ("schedule_steps", String(outcome.scheduleSteps)), ("seconds", String(format: "%.3f", outcome.seconds)),
        ]
        return "{" + fields.map { "\($0.0.jsonQuoted):\($0.1)" }.joined(separator: ",") + "}\n"
    }

    /// One test suite with one test case, failed when the verdict is not the expected one.
    static func junitXML(_ outcome: SuiteOutcome) -> String {
        let name = escaped(outcome.suite)
        let failure = outcome.asExpected ? "" : """

                <failure message="expected \(outcome.expected.rawValue), got \(outcome.verdict.rawValue)">\
            \(escaped("see report.html in \(outcome.directory)"))</failure>
            """
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites tests="1" failures="\(outcome.asExpected ? 0 : 1)" time="\(String(format: "%.3f", outcome.seconds))">
              <testsuite name="\(name)" tests="1" failures="\(outcome.asExpected ? 0 : 1)" time="\(String(format: "%.3f", outcome.seconds))">
                <testcase classname="faultline.suites" name="\(name)" time="\(String(format: "%.3f", outcome.seconds))">\(failure)
                </testcase>
              </testsuite>
            </testsuites>

            """
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
