import FaultlineHistory

/// The checker's report for machines, as `faultline check --json` prints it.
public enum JSONReport {
    public static func render(_ report: CheckReport) -> String {
        let seconds = Double(report.elapsed.components.seconds) + Double(report.elapsed.components.attoseconds) / 1e18
        var fields = [
            "\"verdict\":\(JSONLCodec.quoted(report.verdict.rawValue))",
            "\"model\":\(JSONLCodec.quoted(report.model))",
            "\"operations\":\(report.operations)",
            "\"failed_operations\":\(report.failedOperations)",
            "\"processes\":\(report.processes)",
            "\"partitions\":\(report.partitions)",
            "\"states_explored\":\(report.statesExplored)",
            "\"seconds\":\(seconds)",
        ]
        fields.append("\"violations\":[" + report.violations.map(violation).joined(separator: ",") + "]")
        fields.append("\"unknown\":[" + report.unknownPartitions.map { unknown in
            "{\"key\":\(unknown.key.map(JSONLCodec.json) ?? "null"),\"reason\":\(JSONLCodec.quoted(unknown.reason))}"
        }.joined(separator: ",") + "]")
        return "{" + fields.joined(separator: ",") + "}"
    }

    private static func violation(_ explanation: Explanation) -> String {
        let steps = explanation.linearization.map { step in
            "{\"operation\":\(operation(step.operation)),\"step\":\(JSONLCodec.quoted(step.step)),\"state_after\":\(JSONLCodec.quoted(step.stateAfter))}"
        }
        let states = explanation.possibleStates.map {
            "{\"state\":\(JSONLCodec.quoted($0.state)),\"reason\":\(JSONLCodec.quoted($0.reason))}"
        }
        return "{\"key\":\(explanation.key.map(JSONLCodec.json) ?? "null"),\"operation\":\(operation(explanation.operation)),"
            + "\"step\":\(JSONLCodec.quoted(explanation.step)),\"linearization\":[\(steps.joined(separator: ","))],"
            + "\"possible_states\":[\(states.joined(separator: ","))]}"
    }

    static func operation(_ operation: Operation) -> String {
        var fields = [
            "\"process\":\(operation.process)", "\"f\":\(JSONLCodec.quoted(operation.f))",
            "\"value\":\(JSONLCodec.json(operation.input))",
            "\"output\":\(operation.output.map(JSONLCodec.json) ?? "null")",
            "\"outcome\":\(JSONLCodec.quoted(operation.outcome.rawValue))",
            "\"invoke_index\":\(operation.invokeIndex)",
            "\"completion_index\":\(operation.completionIndex.map(String.init) ?? "null")",
        ]
        if let line = operation.line { fields.append("\"line\":\(line)") }
        return "{" + fields.joined(separator: ",") + "}"
    }
}
