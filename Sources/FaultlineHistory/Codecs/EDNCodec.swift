import FaultlineCore

/// Jepsen's EDN histories: a vector or list of events, or a stream of them, each event a map
/// (`{:process 0, :type :invoke, :f :read, :value nil}`) or a `[process type f value]` tuple.
public enum EDNCodec {
    public static func decode(_ bytes: [UInt8], file: String, independent: Bool = false) throws(DiagnosticList) -> History {
        var reader = EDNReader(scanner: TextScanner(bytes: bytes, file: file))
        let fields = EventFields(file: file, independent: independent)
        var forms: [(value: HistoryValue, line: Int)] = []
        while true {
            reader.scanner.skipWhitespace(edn: true)
            guard let byte = reader.scanner.peek else { break }
            let line = reader.scanner.line
            if forms.isEmpty, byte == UInt8(ascii: "[") || byte == UInt8(ascii: "(") {
                let elements = try reader.readElementsWithLines(closing: byte == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: ")"))
                if elements.allSatisfy({ isEventShaped($0.value) }) {
                    forms.append(contentsOf: elements)
                    reader.scanner.skipWhitespace(edn: true)
                    guard reader.scanner.isAtEnd else {
                        throw reader.scanner.failure("unexpected \(reader.scanner.describeNext()) after the history's closing bracket")
                    }
                    break
                }
                forms.append((.list(elements.map(\.value)), line))
                continue
            }
            guard let form = try reader.readForm() else { break }
            forms.append((form, line))
        }
        var events: [Event] = []
        events.reserveCapacity(forms.count)
        for (value, line) in forms {
            switch value {
            case .map(let map): events.append(try fields.event(fields: map, index: events.count, line: line))
            case .list(let tuple): events.append(try fields.event(tuple: tuple, index: events.count, line: line))
            default: throw fields.failure("expected an event (a map or a [process type f value] tuple), got \(value)", line: line)
            }
        }
        return History(events: events)
    }

    /// Whether a top-level collection's element looks like an event, i.e. the collection is the history itself.
    private static func isEventShaped(_ value: HistoryValue) -> Bool {
        switch value {
        case .map: true
        case .list(let elements):
            (3...4).contains(elements.count) && elements[1].stringValue.flatMap(EventType.init(rawValue:)) != nil
        default: false
        }
    }
}
