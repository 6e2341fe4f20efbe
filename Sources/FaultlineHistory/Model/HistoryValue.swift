/// A value in a history: what an operation was given or returned.
///
/// Covers what JSON and Jepsen's EDN can say. EDN keywords and symbols become strings (`:read`
/// is "read"), so `[:read :x 0]` and `["read", "x", 0]` are the same value.
public enum HistoryValue: Hashable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case list([HistoryValue])
    /// An EDN set `#{...}`; kept apart from lists so that reports print what was read.
    case set(Set<HistoryValue>)
    case map([HistoryValue: HistoryValue])

    public var isNull: Bool { self == .null }

    public var intValue: Int64? {
        if case .int(let value) = self { return value }
        if case .double(let value) = self, value == value.rounded(), abs(value) < 9e18 { return Int64(value) }
        return nil
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The elements of a list or set (a set's in a stable order), nil for anything else.
    public var elements: [HistoryValue]? {
        switch self {
        case .list(let values): values
        case .set(let values): values.sorted { $0.description < $1.description }
        default: nil
        }
    }

    /// EDN-like text, compact and unambiguous enough for reports: `nil`, `3`, `"a"`, `[1 2]`, `{x 0}`.
    public var description: String {
        switch self {
        case .null: "nil"
        case .bool(let value): String(value)
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .string(let value): value.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) && !value.isEmpty
            ? value : "\"\(value)\""
        case .list(let values): "[" + values.map(\.description).joined(separator: " ") + "]"
        case .set: "#{" + (elements ?? []).map(\.description).joined(separator: " ") + "}"
        case .map(let pairs):
            "{" + pairs.map { "\($0.key) \($0.value)" }.sorted().joined(separator: ", ") + "}"
        }
    }
}
