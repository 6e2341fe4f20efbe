/// One line of a history: a process invoking an operation, or the operation completing.
public struct Event: Hashable, Sendable {
    /// Position in the history, from 0.
    public var index: Int
    public var process: Process
    public var type: EventType
    /// The operation's name, e.g. "read", "write", "cas".
    public var f: String
    public var value: HistoryValue
    /// The key of a key-partitioned operation, when the history names one.
    public var key: HistoryValue?
    /// Nanoseconds since the run started, when recorded.
    public var time: Int64?
    public var error: HistoryValue?
    /// The line in the source file, for messages; nil for events made in memory.
    public var line: Int?

    public init(index: Int, process: Process, type: EventType, f: String, value: HistoryValue = .null,
                key: HistoryValue? = nil, time: Int64? = nil, error: HistoryValue? = nil, line: Int? = nil) {
        self.index = index
        self.process = process
        self.type = type
        self.f = f
        self.value = value
        self.key = key
        self.time = time
        self.error = error
        self.line = line
    }

    /// Where the event is, for messages: "event 12, line 14".
    public var place: String { describePlace(index: index, line: line) }
}

/// Who performed an event: a client process (a number) or a named actor such as "nemesis".
public enum Process: Hashable, Sendable, CustomStringConvertible {
    case client(Int)
    case named(String)

    public var description: String {
        switch self {
        case .client(let number): String(number)
        case .named(let name): name
        }
    }
}

/// Jepsen's event types.
public enum EventType: String, CaseIterable, Hashable, Sendable {
    case invoke
    /// Completed and took effect.
    case ok
    /// Completed and certainly did not take effect.
    case fail
    /// Outcome unknown: it may have taken effect at any moment after its invocation, or never.
    case info
}

/// "event 12, line 14", or "event 12" for events made in memory.
func describePlace(index: Int, line: Int?) -> String {
    line.map { "event \(index), line \($0)" } ?? "event \(index)"
}
