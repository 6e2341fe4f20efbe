import FaultlineHistory

/// The checker's report for people, as `faultline check` prints it.
public enum TextReport {
    public static func render(_ report: CheckReport) -> String {
        var lines = [report.summary]
        for explanation in report.violations {
            lines.append("")
            if let key = explanation.key { lines.append("key \(key):") }
            lines.append("  cannot linearize \(explanation.headline)")
            let operation = explanation.operation
            lines.append("    invoked at event \(operation.invokeIndex)" + (operation.completionIndex.map { ", completed at event \($0)" } ?? ", never completed"))
            if explanation.linearization.isEmpty {
                lines.append("  no operation could be linearized before it")
            } else {
                lines.append("  longest linearizable prefix (\(explanation.linearization.count) operations), state after each:")
                let shown = explanation.linearization.suffix(20)
                if shown.count < explanation.linearization.count {
                    lines.append("    ... \(explanation.linearization.count - shown.count) earlier operations")
                }
                for step in shown {
                    lines.append("    process \(step.operation.process): \(step.step)  => \(step.stateAfter)   (\(step.operation.place))")
                }
            }
            lines.append("  possible states just before it:")
            for possible in explanation.possibleStates {
                lines.append("    \(possible.state): \(possible.reason)")
            }
        }
        for unknown in report.unknownPartitions {
            lines.append((unknown.key.map { "key \($0): " } ?? "") + "unknown: \(unknown.reason)")
        }
        return lines.joined(separator: "\n")
    }
}
