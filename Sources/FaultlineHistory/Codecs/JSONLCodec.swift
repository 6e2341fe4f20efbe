import FaultlineCore

/// Faultline's native history format: one JSON object per line, with the fields `index`,
/// `process`, `type`, `f`, `value`, and optionally `key`, `time` (nanoseconds since the run
/// started) and `error`. Streamable: a history cut off mid-run is still readable up to its last line.
public enum JSONLCodec {
    /// Reads the events of `bytes`; `firstLine` numbers the first line, for a piece of a file
    /// read as it grows.
    public static func decode(_ bytes: [UInt8], file: String, firstLine: Int = 1, independent: Bool = false)
        throws(DiagnosticList) -> History {
        var reader = JSONReader(scanner: TextScanner(bytes: bytes, file: file, firstLine: firstLine))
        let fields = EventFields(file: file, independent: independent)
        var events: [Event] = []
        while true {
            reader.scanner.skipWhitespace(edn: false)
            if reader.scanner.isAtEnd { return History(events: events) }
            let line = reader.scanner.line
            guard reader.scanner.peek == UInt8(ascii: "{") else {
                throw reader.scanner.failure("expected an event (a JSON object) on each line, found \(reader.scanner.describeNext())")
            }
            let members = try reader.readObject { reader, _ throws(DiagnosticList) in try reader.readValue() }
            events.append(try fields.event(field: { name in members.last { $0.key == name }?.value },
                                           index: events.count, line: line))
            while let byte = reader.scanner.peek, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                reader.scanner.advance()
            }
            if let byte = reader.scanner.peek, byte != UInt8(ascii: "\n") {
                throw reader.scanner.failure("expected the end of the line after an event, found \(reader.scanner.describeNext())")
            }
        }
    }

    /// One event as a line of JSON, without the newline.
    public static func encode(_ event: Event) -> String {
        var line = "{\"index\":\(event.index),\"process\":\(json(processValue(event.process)))"
        line += ",\"type\":\"\(event.type.rawValue)\",\"f\":\(json(.string(event.f))),\"value\":\(json(event.value))"
        if let key = event.key { line += ",\"key\":\(json(key))" }
        if let time = event.time { line += ",\"time\":\(time)" }
        if let error = event.error { line += ",\"error\":\(json(error))" }
        return line + "}"
    }

    private static func processValue(_ process: Process) -> HistoryValue {
        switch process {
        case .client(let number): .int(Int64(number))
        case .named(let name): .string(name)
        }
    }

    /// A value as JSON. Sets become arrays; maps with non-string keys become arrays of [key, value] pairs.
    public static func json(_ value: HistoryValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number): return number.isFinite ? String(number) : "null"
        case .string(let text): return quoted(text)
        case .list(let values): return "[" + values.map(json).joined(separator: ",") + "]"
        case .set: return "[" + (value.elements ?? []).map(json).joined(separator: ",") + "]"
        case .map(let pairs):
            if pairs.keys.allSatisfy({ $0.stringValue != nil }) {
                let members = pairs.map { (key: $0.key.stringValue ?? "", value: $0.value) }.sorted { $0.key < $1.key }
                return "{" + members.map { quoted($0.key) + ":" + json($0.value) }.joined(separator: ",") + "}"
            }
            return "[" + pairs.map { "[" + json($0.key) + "," + json($0.value) + "]" }.sorted().joined(separator: ",") + "]"
        }
    }

    public static func quoted(_ text: String) -> String {
        text.jsonQuoted
    }
}
