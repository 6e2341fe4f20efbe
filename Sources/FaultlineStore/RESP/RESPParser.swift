/// Reads RESP values from a byte stream, as many as are complete; bounded, so a hostile peer
/// cannot make it allocate without limit. Also reads inline commands ("PING\r\n"), as Redis does,
/// so that `nc` and telnet work.
public struct RESPParser {
    public static let maximumBulkLength = 64 << 20
    public static let maximumArrayLength = 1 << 20
    public static let maximumDepth = 32
    public static let maximumInlineLength = 64 << 10

    /// Why the stream cannot be read further; the connection should be closed after saying so.
    public struct ProtocolError: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    private var buffer: [UInt8] = []
    private var start = 0

    public init() {}

    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete value, or nil when more bytes are needed.
    public mutating func next() throws(ProtocolError) -> RESPValue? {
        guard start < buffer.count else { return nil }
        var position = start
        let value: RESPValue?
        if buffer[position] == UInt8(ascii: "*") || "+-:$".utf8.contains(buffer[position]) {
            value = try parse(at: &position, depth: 0)
        } else {
            value = try parseInline(at: &position)
        }
        if value != nil { start = position }
        return value
    }

    private func line(from position: Int, limit: Int) throws(ProtocolError) -> (text: ArraySlice<UInt8>, next: Int)? {
        var index = position
        while index + 1 < buffer.count {
            if buffer[index] == 13, buffer[index + 1] == 10 { return (buffer[position..<index], index + 2) }
            index += 1
            if index - position > limit { throw ProtocolError(description: "line too long") }
        }
        if buffer.count - position > limit { throw ProtocolError(description: "line too long") }
        return nil
    }

    private func integer(_ text: ArraySlice<UInt8>) throws(ProtocolError) -> Int64 {
        guard let value = Int64(String(decoding: text, as: UTF8.self)) else {
            throw ProtocolError(description: "invalid length or integer '\(String(decoding: text.prefix(32), as: UTF8.self))'")
        }
        return value
    }

    private func parse(at position: inout Int, depth: Int) throws(ProtocolError) -> RESPValue? {
        guard depth < Self.maximumDepth else { throw ProtocolError(description: "nesting too deep") }
        guard position < buffer.count else { return nil }
        let kind = buffer[position]
        guard let (text, next) = try line(from: position + 1, limit: 4_096) else { return nil }
        switch kind {
        case UInt8(ascii: "+"):
            position = next
            return .simpleString(String(decoding: text, as: UTF8.self))
        case UInt8(ascii: "-"):
            position = next
            return .error(String(decoding: text, as: UTF8.self))
        case UInt8(ascii: ":"):
            position = next
            return .integer(try integer(text))
        case UInt8(ascii: "$"):
            let length = try integer(text)
            if length == -1 {
                position = next
                return .bulkString(nil)
            }
            guard length >= 0, length <= Self.maximumBulkLength else {
                throw ProtocolError(description: "invalid bulk length \(length)")
            }
            let end = next + Int(length)
            guard end + 2 <= buffer.count else { return nil }
            guard buffer[end] == 13, buffer[end + 1] == 10 else { throw ProtocolError(description: "bulk string not followed by CRLF") }
            position = end + 2
            return .bulkString(Array(buffer[next..<end]))
        case UInt8(ascii: "*"):
            let count = try integer(text)
            if count == -1 {
                position = next
                return .array(nil)
            }
            guard count >= 0, count <= Self.maximumArrayLength else {
                throw ProtocolError(description: "invalid multibulk length \(count)")
            }
            var cursor = next
            var values: [RESPValue] = []
            values.reserveCapacity(Int(min(count, 1_024)))
            for _ in 0..<count {
                guard let value = try parse(at: &cursor, depth: depth + 1) else { return nil }
                values.append(value)
            }
            position = cursor
            return .array(values)
        default:
            throw ProtocolError(description: "expected '$', got '\(String(UnicodeScalar(kind)))'")
        }
    }

    private func parseInline(at position: inout Int) throws(ProtocolError) -> RESPValue? {
        guard let (text, next) = try line(from: position, limit: Self.maximumInlineLength) else { return nil }
        position = next
        let words = text.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true).map { RESPValue.bulkString(Array($0)) }
        return .array(words)
    }
}
