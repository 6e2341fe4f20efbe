import FaultlineCore
import FaultlineHistory
import FaultlineStore

/// A client of Redis or the embedded store, over the Redis protocol, for each model the
/// harness's clients run: registers (GET, SET, and a compare-and-set: an atomic Lua script, or the
/// embedded store's CAS command where there is no EVAL), kv (per-key registers), set (SADD,
/// SMEMBERS), counter (INCRBY, GET) and fifo-queue (RPUSH, LPOP).
///
/// Outcomes: an error reply is `fail`; a write whose answer is lost (a timeout, a closed
/// connection, a reply that does not parse) is `info`; a command never sent is `fail`, and so is
/// a read without an answer, since a read changes nothing. Each client keeps one connection
/// per node and opens new ones after a lost answer.
public struct RedisDriver: Driver {
    let settings: ClientSettings
    let writes: RESPClient
    let reads: RESPClient
    /// Whether the server runs Lua scripts (Redis); if not, it has CAS (the embedded store).
    let scripting: Bool

    static let casScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]); return 1 else return 0 end
        """

    /// Opens each client's connections: one to its write node and, if another, one to its read node.
    public struct Factory: DriverFactory {
        public var settings: ClientSettings

        public init(_ settings: ClientSettings) {
            self.settings = settings
        }

        public func open(client: Int) async throws -> any Driver {
            let writeAddress = settings.writeAddress(of: client), readAddress = settings.readAddress(of: client)
            let writes = try await RESPClient.connect(to: writeAddress, timeout: settings.timeout)
            let reads = readAddress == writeAddress ? writes : try await RESPClient.connect(to: readAddress, timeout: settings.timeout)
            let probe = try? await writes.call(["EVAL", "return 1", "0"], timeout: settings.timeout)
            return RedisDriver(settings: settings, writes: writes, reads: reads, scripting: probe == .integer(1))
        }
    }

    public func invoke(_ operation: WorkloadOperation) async -> OperationOutcome {
        let key = settings.key(of: operation)
        let (model, timeout) = (settings.model, settings.timeout)
        let isRead = ["read", "get"].contains(operation.f)
        do {
            switch (model, operation.f) {
            case ("set", "add"):
                return try await expect(.integer(0...1), from: writes.call(["SADD", key, "\(operation.value)"], timeout: timeout),
                                        operation)
            case ("set", "read"):
                guard case .array(let members?) = try await reads.call(["SMEMBERS", key], timeout: timeout) else {
                    return .fail("SMEMBERS answered no array")
                }
                let values = try members.map { try Self.number(in: $0) }.sorted()
                return .ok(.list(values.map { .int($0) }))
            case ("counter", "add"):
                return try await expect(.integer(nil), from: writes.call(["INCRBY", key, "\(operation.value)"], timeout: timeout),
                                        operation)
            case ("counter", "read"):
                let reply = try await reads.call(["GET", key], timeout: timeout)
                return reply == .bulkString(nil) ? .ok(.int(0)) : .ok(.int(try Self.number(in: reply)))
            case ("fifo-queue", "enqueue"):
                return try await expect(.integer(nil), from: writes.call(["RPUSH", key, "\(operation.value)"], timeout: timeout),
                                        operation)
            case ("fifo-queue", "dequeue"):
                let reply = try await writes.call(["LPOP", key], timeout: timeout)
                return reply == .bulkString(nil) ? .ok(.null) : .ok(.int(try Self.number(in: reply)))
            case (_, "read"), (_, "get"):
                let reply = try await reads.call(["GET", key], timeout: timeout)
                if reply == .bulkString(nil) { return .ok(settings.absentRead) }
                return .ok(.int(try Self.number(in: reply)))
            case (_, "write"), (_, "put"):
                return try await expect(.ok, from: writes.call(["SET", key, "\(operation.value)"], timeout: timeout), operation)
            case (_, "cas"):
                guard case .list(let pair) = operation.value, pair.count == 2 else { return .fail("cas needs [expected new]") }
                let words = scripting ? ["EVAL", Self.casScript, "1", key, "\(pair[0])", "\(pair[1])"]
                    : ["CAS", key, "\(pair[0])", "\(pair[1])"]
                switch try await writes.call(words, timeout: timeout) {
                case .integer(1): return .ok(operation.value)
                case .integer(0): return .fail("the value was not the expected one")
                case .error(let message): return .fail(message)
                case let other: return .info("compare-and-set answered \(other)")
                }
            default:
                return .fail("the redis driver has no '\(operation.f)' for the \(model) model")
            }
        } catch RESPClient.CallError.notSent {
            return .fail("not sent: the connection was closed", reconnect: true)
        } catch {
            return isRead ? .fail("\(error)", reconnect: true) : .info("\(error)")
        }
    }

    /// What a write's answer must be for it to have taken effect.
    enum Expected {
        case ok
        /// An integer, within the range when one is given.
        case integer(ClosedRange<Int64>?)
    }

    /// `ok` with the operation's value when `reply` is the expected one; an error reply is a
    /// `fail`, anything else leaves the outcome unknown.
    private func expect(_ expected: Expected, from reply: RESPValue, _ operation: WorkloadOperation) -> OperationOutcome {
        switch (expected, reply) {
        case (_, .error(let message)): return .fail(message)
        case (.ok, .simpleString("OK")): return .ok(operation.value)
        case (.integer(let range), .integer(let number)) where range?.contains(number) ?? true: return .ok(operation.value)
        default: return .info("unexpected answer \(reply)")
        }
    }

    /// A whole number in a reply, or a protocol error (the outcome is unknown then).
    static func number(in reply: RESPValue) throws -> Int64 {
        switch reply {
        case .integer(let number): return number
        case .bulkString(let bytes?):
            if let number = Int64(String(decoding: bytes, as: UTF8.self)) { return number }
        default: break
        }
        throw RESPClient.CallError.protocolError("expected a number, got \(reply)")
    }

    public func close() async {
        await writes.close()
        await reads.close()
    }
}
