import FaultlineControl
import FaultlineHistory
import Testing
@testable import FaultlineHarness

/// The recording endpoint of the external driver: what it takes, and how it refuses.
@Suite struct ExternalWorkloadTests {
    static func post(_ body: String, to intake: ExternalEventIntake, method: String = "POST",
                     path: String = "/v1/history/events") async -> ControlResponse {
        await ExternalWorkload.respond(to: ControlRequest(method: .init(rawValue: method), uri: path, body: body), intake: intake)
    }

    @Test func eventsArePostedAsJSONLinesOrOneObject() async throws {
        let recorder = try HistoryRecorder(workers: 0)
        let intake = ExternalEventIntake(recorder: recorder)
        let both = await Self.post("""
            {"process": 0, "type": "invoke", "f": "write", "value": 3}
            {"process": 0, "type": "ok", "f": "write", "value": 3}
            """, to: intake)
        #expect(both.status == .ok && both.body == #"{"recorded":2}"#)
        let one = await Self.post(#"{"process": 1, "type": "invoke", "f": "read", "value": null}"#, to: intake)
        #expect(one.status == .ok && one.body == #"{"recorded":1}"#)
        #expect(await recorder.events.count == 3)
        #expect(await intake.problems.isEmpty)
    }

    @Test func badEventsAreRefusedWithTheirPlaceAndTheRestKept() async throws {
        let recorder = try HistoryRecorder(workers: 0)
        let intake = ExternalEventIntake(recorder: recorder)
        let malformed = await Self.post("{\"process\": 0, \"type\": \"invoke\", \"f\": \"write\", \"value\": }", to: intake)
        #expect(malformed.status == .badRequest)
        #expect(malformed.body.contains("request body:1:"), "\(malformed.body)")
        #expect(malformed.body.contains(#""recorded":0"#))

        let mixed = await Self.post("""
            {"process": 0, "type": "invoke", "f": "write", "value": 1}
            {"process": 1, "type": "ok", "f": "read", "value": 1}
            {"process": 0, "type": "ok", "f": "write", "value": 1}
            {"process": 2, "type": "done", "f": "read"}
            """, to: intake)
        #expect(mixed.status == .badRequest)
        #expect(mixed.body.contains("request body:4:"), "the unreadable type is named with its line: \(mixed.body)")
        #expect(await recorder.events.isEmpty, "a piece that does not parse is refused whole")

        let misplaced = await Self.post("""
            {"process": 0, "type": "invoke", "f": "write", "value": 1}
            {"process": 1, "type": "ok", "f": "read", "value": 1}
            {"process": 0, "type": "ok", "f": "write", "value": 1}
            """, to: intake)
        #expect(misplaced.status == .badRequest)
        #expect(misplaced.body.contains("request body:2: process 1 completes read, but it has no operation open"))
        #expect(misplaced.body.contains(#""recorded":2"#))
        #expect(await recorder.events.map(\.type) == [.invoke, .ok])
        #expect(await intake.problems.count == 3)
    }

    @Test func onlyPostToTheEventsPathIsAnswered() async throws {
        let intake = ExternalEventIntake(recorder: try HistoryRecorder(workers: 0))
        #expect(await Self.post("", to: intake, method: "GET").status == .methodNotAllowed)
        #expect(await Self.post("", to: intake, path: "/v1/history").status == .notFound)
    }

    @Test func aFollowedFileGivesWholeLinesWithTheirNumbers() throws {
        let path = try NodeProcessTests.directory() + "/events.jsonl"
        try "one\ntw".write(toFile: path, atomically: false, encoding: .utf8)
        var follower = LineFollower(path: path)
        #expect(follower.newLines().map(\.line) == [1])
        try "one\ntwo\nthree\nfo".write(toFile: path, atomically: false, encoding: .utf8)
        let next = follower.newLines()
        #expect(next.map(\.line) == [2, 3] && next.map { String(decoding: $0.bytes, as: UTF8.self) } == ["two", "three"])
        #expect(follower.newLines(final: true).map { String(decoding: $0.bytes, as: UTF8.self) } == ["fo"])
    }
}
