import FaultlineCore

/// Builds an `Event` from the fields of a decoded map or tuple, whichever format it came from.
struct EventFields {
    let file: String
    let independent: Bool

    func failure(_ message: String, line: Int, column: Int = 1) -> DiagnosticList {
        DiagnosticList([Diagnostic(location: SourceLocation(file: file, line: line, column: column), path: "",
                                   message: message)])
    }

    /// An event from a map's fields (`process`, `type`, `f`, `value`, `key`, `time`, `error`);
    /// other fields, such as Jepsen's `index` or `node`, are ignored.
    func event(fields: [HistoryValue: HistoryValue], index: Int, line: Int) throws(DiagnosticList) -> Event {
        try event(field: { fields[.string($0)] }, index: index, line: line)
    }

    /// An event from named fields, looked up by `field`.
    func event(field: (String) -> HistoryValue?, index: Int, line: Int) throws(DiagnosticList) -> Event {
        guard let process = field("process") else { throw failure("event \(index) has no 'process'", line: line) }
        guard let type = field("type") else { throw failure("event \(index) has no 'type'", line: line) }
        guard let f = field("f") else { throw failure("event \(index) has no 'f'", line: line) }
        var time: Int64?
        if let value = field("time"), !value.isNull {
            guard let nanoseconds = value.intValue else {
                throw failure("event \(index): 'time' must be whole nanoseconds, got \(value)", line: line)
            }
            time = nanoseconds
        }
        let key = field("key").flatMap { $0.isNull ? nil : $0 }
        return try event(process: process, type: type, f: f, value: field("value") ?? .null, key: key, time: time,
                         error: field("error"), index: index, line: line)
    }

    /// An event from a `[process type f value]` tuple.
    func event(tuple: [HistoryValue], index: Int, line: Int) throws(DiagnosticList) -> Event {
        guard tuple.count == 4 || tuple.count == 3 else {
            throw failure("event \(index): a tuple event is [process type f value], got \(tuple.count) elements", line: line)
        }
        return try event(process: tuple[0], type: tuple[1], f: tuple[2], value: tuple.count == 4 ? tuple[3] : .null,
                         key: nil, time: nil, error: nil, index: index, line: line)
    }

    private func event(process: HistoryValue, type: HistoryValue, f: HistoryValue, value: HistoryValue,
                       key: HistoryValue?, time: Int64?, error: HistoryValue?, index: Int, line: Int)
        throws(DiagnosticList) -> Event {
        let who: Process
        if let number = process.intValue, let small = Int(exactly: number) {
            who = .client(small)
        } else if let name = process.stringValue {
            who = .named(name)
        } else {
            throw failure("event \(index): 'process' must be a number or a name, got \(process)", line: line)
        }
        guard let typeName = type.stringValue, let eventType = EventType(rawValue: typeName) else {
            throw failure("event \(index): 'type' must be invoke, ok, fail or info, got \(type)", line: line)
        }
        guard let operation = f.stringValue else {
            throw failure("event \(index): 'f' must be an operation name, got \(f)", line: line)
        }
        var key = key
        var value = value
        if independent, case .client = who {
            guard case .list(let pair) = value, pair.count == 2 else {
                throw failure("event \(index): with --independent the value must be a [key value] tuple, got \(value)", line: line)
            }
            key = pair[0]
            value = pair[1]
        }
        return Event(index: index, process: who, type: eventType, f: operation, value: value, key: key, time: time,
                     error: error, line: line)
    }
}
