/// A value of the Redis serialization protocol (RESP2), as the store sends and receives it.
public enum RESPValue: Hashable, Sendable {
    case simpleString(String)
    case error(String)
    case integer(Int64)
    /// nil is RESP's null bulk string.
    case bulkString([UInt8]?)
    /// nil is RESP's null array.
    case array([RESPValue]?)

    public static func bulk(_ text: String) -> RESPValue { .bulkString(Array(text.utf8)) }
    public static let ok = RESPValue.simpleString("OK")
    public static let null = RESPValue.bulkString(nil)

    /// The wire form.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        encode(into: &bytes)
        return bytes
    }

    public func encode(into bytes: inout [UInt8]) {
        switch self {
        case .simpleString(let text): bytes += Array("+\(text)\r\n".utf8)
        case .error(let text): bytes += Array("-\(text)\r\n".utf8)
        case .integer(let value): bytes += Array(":\(value)\r\n".utf8)
        case .bulkString(nil): bytes += Array("$-1\r\n".utf8)
        case .bulkString(let data?):
            bytes += Array("$\(data.count)\r\n".utf8)
            bytes += data
            bytes += [13, 10]
        case .array(nil): bytes += Array("*-1\r\n".utf8)
        case .array(let values?):
            bytes += Array("*\(values.count)\r\n".utf8)
            for value in values { value.encode(into: &bytes) }
        }
    }

    /// A command as clients send it: an array of bulk strings.
    public static func command(_ words: [String]) -> RESPValue {
        .array(words.map(bulk))
    }
}
