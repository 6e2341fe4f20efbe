import FaultlineHistory
import Foundation
import Testing

@Suite struct RecorderTests {
    @Test func concurrentWritersProduceAWellFormedStreamedHistory() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("recorder-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let workers = 16
        let recorder = try HistoryRecorder(workers: workers, streamingTo: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    for step in 0..<50 {
                        let ticket = try await recorder.invoke(worker: worker, f: "write", value: .int(Int64(step)))
                        await Task.yield()
                        let outcome: EventType = step % 10 == 9 ? .info : (step % 7 == 0 ? .fail : .ok)
                        try await recorder.complete(ticket, outcome, value: .int(Int64(step)))
                    }
                }
            }
            try await group.waitForAll()
        }
        let events = await recorder.events
        #expect(events.count == workers * 50 * 2)
        #expect(events.map(\.index) == Array(0..<events.count))
        let times = events.compactMap(\.time)
        #expect(times.count == events.count && zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
        let paired = try History(events: events).paired()
        #expect(paired.operations.count + paired.failed.count == workers * 50)
        // Each worker ends 5 operations info (steps 9, 19, ..., 49), each moving it to a new process
        // id; the last comes at its final step, so a worker uses 5 process ids.
        #expect(paired.processCount == workers * 5)
        let streamed = try JSONLCodec.decode(Array(try Data(contentsOf: URL(fileURLWithPath: path))), file: path)
        #expect(streamed.events.map { var copy = $0; copy.line = nil; return copy } == events)
    }

    @Test func rejectsMisuse() async throws {
        let recorder = try HistoryRecorder(workers: 1)
        let ticket = try await recorder.invoke(worker: 0, f: "read")
        await #expect(throws: HistoryRecorder.RecorderError.busyWorker(0)) { try await recorder.invoke(worker: 0, f: "read") }
        await #expect(throws: HistoryRecorder.RecorderError.notACompletion) { try await recorder.complete(ticket, .invoke) }
        try await recorder.complete(ticket, .ok, value: .int(1))
        await #expect(throws: HistoryRecorder.RecorderError.unknownTicket) { try await recorder.complete(ticket, .ok) }
        #expect(throws: HistoryRecorder.RecorderError.self) { try HistoryRecorder(workers: 1, streamingTo: "/nonexistent/dir/h.jsonl") }
    }

    @Test func namedEventsAreRecordedForTheNemesis() async throws {
        let recorder = try HistoryRecorder(workers: 1)
        try await recorder.note(process: "nemesis", f: "start", value: .string("partition redis"))
        let events = await recorder.events
        #expect(events.first?.process == .named("nemesis"))
        #expect(events.first?.type == .info)
    }

    /// An external workload numbers its own processes; the recorder keeps them to Jepsen's rules.
    @Test func externalEventsMustFitTheHistory() async throws {
        let recorder = try HistoryRecorder(workers: 0)
        func event(_ process: Int, _ type: EventType, _ f: String, _ value: HistoryValue = .null) -> Event {
            Event(index: 99, process: .client(process), type: type, f: f, value: value, time: 5)
        }
        try await recorder.record(external: event(7, .invoke, "write", .int(1)))
        await #expect(throws: HistoryRecorder.RecorderError.misplaced("process 7 invokes read while its write is still open")) {
            try await recorder.record(external: event(7, .invoke, "read"))
        }
        await #expect(throws: HistoryRecorder.RecorderError.misplaced("process 7 completes read, but its open operation is write")) {
            try await recorder.record(external: event(7, .ok, "read"))
        }
        await #expect(throws: HistoryRecorder.RecorderError.misplaced("process 8 completes read, but it has no operation open")) {
            try await recorder.record(external: event(8, .ok, "read"))
        }
        try await recorder.record(external: event(7, .info, "write", .int(1)))
        await #expect(throws: HistoryRecorder.RecorderError.self) { try await recorder.record(external: event(7, .invoke, "read")) }
        try await recorder.record(external: Event(index: 0, process: .named("nemesis"), type: .info, f: "start"))

        let events = await recorder.events
        #expect(events.map(\.index) == [0, 1, 2], "refused events leave no trace")
        #expect(events.allSatisfy { $0.time != 5 }, "the recorder's clock, not the workload's")
        #expect(await recorder.completed == [.info: 1])
    }
}
