import FaultlineHistory
import Testing

@Suite struct PairingTests {
    @Test func pairsOperationsWithJepsenSemantics() throws {
        let history = History(events: [
            Event(index: 0, process: .client(0), type: .invoke, f: "write", value: .int(1)),
            Event(index: 1, process: .client(1), type: .invoke, f: "read"),
            Event(index: 2, process: .client(0), type: .ok, f: "write", value: .int(1)),
            Event(index: 3, process: .client(1), type: .ok, f: "read", value: .int(1)),
            Event(index: 4, process: .client(2), type: .invoke, f: "write", value: .int(2)),
            Event(index: 5, process: .client(2), type: .fail, f: "write", value: .int(2)),
            Event(index: 6, process: .client(3), type: .invoke, f: "write", value: .int(3)),
            Event(index: 7, process: .client(3), type: .info, f: "write", value: .int(3)),
            Event(index: 8, process: .named("nemesis"), type: .info, f: "start"),
            Event(index: 9, process: .client(4), type: .invoke, f: "read"),
        ])
        let paired = try history.paired()
        #expect(paired.operations.map(\.f) == ["write", "read", "write", "read"])
        #expect(paired.operations.map(\.outcome) == [.ok, .ok, .unknown, .unknown])
        #expect(paired.operations[1].output == .int(1))
        #expect(paired.operations[2].output == nil)
        #expect(paired.operations[3].completionIndex == nil)
        #expect(paired.operations.map(\.id) == [0, 1, 2, 3])
        #expect(paired.failed.map(\.input) == [.int(2)])
        #expect(paired.nemesis.count == 1)
        #expect(paired.processCount == 5)
    }

    @Test func reportsEveryStructuralProblemWithIndexAndLine() {
        let history = History(events: [
            Event(index: 0, process: .client(0), type: .invoke, f: "write", value: .int(1), line: 1),
            Event(index: 1, process: .client(0), type: .invoke, f: "read", line: 2),
            Event(index: 2, process: .client(1), type: .ok, f: "read", line: 3),
            Event(index: 3, process: .client(0), type: .ok, f: "read", line: 4),
        ])
        #expect {
            _ = try history.paired()
        } throws: { error in
            guard let problems = (error as? HistoryError)?.problems else { return false }
            return problems.map(\.index) == [1, 2, 3] && problems.map(\.line) == [2, 3, 4]
                && problems[0].message.contains("while its 'write' from event 0, line 1 is still outstanding")
                && problems[1].message.contains("without having invoked it")
                && problems[2].message.contains("completes 'read' but invoked 'write'")
        }
    }
}
