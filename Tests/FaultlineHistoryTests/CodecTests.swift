import FaultlineCore
import FaultlineHistory
import Testing

private func edn(_ text: String, independent: Bool = false) throws -> History {
    try EDNCodec.decode(Array(text.utf8), file: "h.edn", independent: independent)
}

private func jsonl(_ text: String) throws -> History {
    try JSONLCodec.decode(Array(text.utf8), file: "h.jsonl")
}

/// The single located problem of decoding `text`, as "line:column: message".
private func problem(_ decode: () throws -> History) -> String? {
    do {
        _ = try decode()
        return nil
    } catch let problems as DiagnosticList {
        return problems.diagnostics.first.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0): \($0.message)" }
    } catch {
        return "unexpected \(error)"
    }
}

@Suite struct EDNCodecTests {
    @Test func readsAVectorOfMapsWithCommentsAndLines() throws {
        let history = try edn("""
            ; a comment
            [{:process 0, :type :invoke, :f :cas, :value [1 2]}
             {:process 0 :type :ok :f :cas :value [1 2] :time 12}
             {:process :nemesis, :type :info, :f :start, :value "cut"}]
            """)
        #expect(history.events.count == 3)
        #expect(history.events[0] == Event(index: 0, process: .client(0), type: .invoke, f: "cas",
                                           value: .list([.int(1), .int(2)]), line: 2))
        #expect(history.events[1].time == 12)
        #expect(history.events[1].line == 3)
        #expect(history.events[2].process == .named("nemesis"))
    }

    @Test func readsListsStreamsTuplesSetsAndTaggedLiterals() throws {
        #expect(try edn("({:process 1 :type :invoke :f :read :value nil})").events.count == 1)
        let stream = try edn("{:process 1 :type :invoke :f :read}\n{:process 1 :type :ok :f :read :value 3}\n")
        #expect(stream.events.map(\.line) == [1, 2])
        #expect(stream.events[1].value == .int(3))
        let tuples = try edn("[[0 :invoke :write 3] [0 :ok :write 3]]")
        #expect(tuples.events.map(\.type) == [.invoke, .ok])
        let tupleStream = try edn("[0 :invoke :read nil]\n[0 :ok :read 2]")
        #expect(tupleStream.events.count == 2)
        let set = try edn("[{:process 0 :type :ok :f :read :value #{1 2 3}}]")
        #expect(set.events[0].value == .set([.int(1), .int(2), .int(3)]))
        let tagged = try edn("[#jepsen.history.Op{:index 0 :process 0 :type :invoke :f :read :value nil #_ :ignored}]")
        #expect(tagged.events[0].f == "read")
        let numbers = try edn("[{:process 0 :type :ok :f :read :value [-3 1.5 7N \"a\\\"b\" \\c true]}]")
        #expect(numbers.events[0].value == .list([.int(-3), .double(1.5), .int(7), .string("a\"b"), .string("c"), .bool(true)]))
    }

    @Test func readsIndependentTuples() throws {
        let history = try edn("[{:process 0 :type :invoke :f :write :value [:k1 3]}]", independent: true)
        #expect(history.events[0].key == .string("k1"))
        #expect(history.events[0].value == .int(3))
        #expect(problem { try edn("[{:process 0 :type :invoke :f :write :value 3}]", independent: true) }?
            .contains("[key value] tuple") == true)
    }

    @Test(arguments: [
        ("[{:process 0 :type :invoke", "1:27: unterminated collection"),
        ("[{:process 0 :type :invoke :f}]", "1:2: a map needs an even number of forms"),
        ("[{:type :invoke :f :read}]", "1:1: event 0 has no 'process'"),
        ("[{:process 0 :type :done :f :read}]", "1:1: event 0: 'type' must be invoke, ok, fail or info"),
        ("[{:process [1] :type :ok :f :read}]", "1:1: event 0: 'process' must be a number or a name"),
        ("[{:process 0 :type :ok :f :read :time :soon}]", "1:1: event 0: 'time' must be whole nanoseconds"),
        ("[{:process 0 :type :ok :f :read :value \"abc}]", "1:46: unterminated string"),
        ("[{:process 0 :type :ok :f 3}]", "1:1: event 0: 'f' must be an operation name"),
        ("[1 2 3]\n]", "2:1: unexpected ']' with no collection open"),
        ("[{:process 0 :type :ok :f :read}] extra", "1:35: unexpected 'e' after the history's closing bracket"),
        ("[{:process 0 :type :ok :f :read :value [1 2 3] :key #}]", "1:54: unexpected '}' after '#'"),
    ])
    func malformedInputGivesALocatedError(text: String, expected: String) {
        let found = problem { try edn(text) }
        #expect(found?.hasPrefix(expected) == true, "\(found ?? "no error")")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = "[{:process 0 :type :ok :f :read :value " + String(repeating: "[", count: 100_000) + "}]"
        #expect(problem { try edn(deep) }?.contains("nesting deeper") == true)
    }

    @Test func garbledInputNeverCrashes() {
        let sample = Array("[{:process 0, :type :invoke, :f :cas, :value [1 2]} {:process 0 :type :ok :f :cas :value [1 2]}]")
        var random = SeededRandom(seed: 9)
        for _ in 0..<3_000 {
            var characters = sample
            for _ in 0..<Int.random(in: 1...5, using: &random) {
                let position = Int.random(in: 0..<characters.count, using: &random)
                characters[position] = Array("[]{}()#:;\\\"0 x-_^").randomElement(using: &random) ?? "x"
            }
            _ = problem { try edn(String(characters)) }
            _ = problem { try jsonl(String(characters)) }
        }
    }
}

@Suite struct JSONLCodecTests {
    @Test func roundTripsEvents() throws {
        let events = [
            Event(index: 0, process: .client(3), type: .invoke, f: "cas", value: .list([.int(1), .string("two")]),
                  key: .string("k"), time: 5),
            Event(index: 1, process: .client(3), type: .info, f: "cas", value: .null, key: .string("k"), time: 9,
                  error: .string("timeout \"after\" 2s\n")),
            Event(index: 2, process: .named("nemesis"), type: .info, f: "start",
                  value: .map([.string("cut"): .list([.string("n1")])])),
            Event(index: 3, process: .client(1), type: .ok, f: "read", value: .double(2.5)),
        ]
        let text = events.map(JSONLCodec.encode).joined(separator: "\n") + "\n"
        let decoded = try jsonl(text)
        #expect(decoded.events.map { var copy = $0; copy.line = nil; return copy } == events)
        #expect(decoded.events.map(\.line) == [1, 2, 3, 4])
    }

    @Test(arguments: [
        ("{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"", "1:40: expected '}'"),
        ("{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"} {\"x\":1}", "1:42: expected the end of the line"),
        ("[1,2]", "1:1: expected an event (a JSON object)"),
        ("{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}\n{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"value\":tru}", "2:48: expected 'true'"),
        ("{\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"value\":01x}", "1:51: expected '}', found 'x'"),
        ("{process:0}", "1:2: expected a quoted key"),
        ("{\"process\":0,\"type\":\"ok\"}", "1:1: event 0 has no 'f'"),
    ])
    func malformedInputGivesALocatedError(text: String, expected: String) {
        let found = problem { try jsonl(text) }
        #expect(found?.hasPrefix(expected) == true, "\(found ?? "no error")")
    }

    @Test func detectsTheFormat() {
        #expect(HistoryFormat.detect(Array(" {\"process\":1}".utf8)) == .jsonl)
        #expect(HistoryFormat.detect(Array("{:process 1}".utf8)) == .edn)
        #expect(HistoryFormat.detect(Array("; comment\n[".utf8)) == .edn)
    }

    @Test func parsesInitialValueLiterals() throws {
        #expect(try HistoryValue(literal: "0") == .int(0))
        #expect(try HistoryValue(literal: "nil") == .null)
        #expect(try HistoryValue(literal: "null") == .null)
        #expect(try HistoryValue(literal: "\"\"") == .string(""))
        #expect(try HistoryValue(literal: "false") == .bool(false))
        #expect(try HistoryValue(literal: "{:x 0 :y 0}") == .map([.string("x"): .int(0), .string("y"): .int(0)]))
        #expect(try HistoryValue(literal: "{\"x\": 0}") == .map([.string("x"): .int(0)]))
        #expect(throws: DiagnosticList.self) { try HistoryValue(literal: "{:x") }
        #expect(throws: DiagnosticList.self) { try HistoryValue(literal: "1 2") }
    }
}
