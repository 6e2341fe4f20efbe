/// The data of one store, by key: strings, sets and lists, changed one command at a time.
///
/// A pure value: `execute` answers a command and says whether it changed anything, so the
/// server can send exactly the changing commands to replicas, in the order they were applied.
struct StoreData {
    enum Value: Equatable {
        case string([UInt8])
        case set(Set<[UInt8]>)
        case list([[UInt8]])
    }

    private(set) var values: [[UInt8]: Value] = [:]

    /// What a command did: its reply, and whether it wrote (and so goes to replicas).
    struct Outcome {
        var reply: RESPValue
        var wrote = false
    }

    static let wrongType = RESPValue.error("WRONGTYPE Operation against a key holding the wrong kind of value")

    /// Commands that may change data: a replica refuses them from clients.
    static let writeCommands: Set<String> = ["SET", "DEL", "INCR", "INCRBY", "DECR", "CAS", "SADD", "RPUSH", "LPOP", "FLUSHALL"]

    mutating func execute(_ name: String, _ arguments: [[UInt8]]) -> Outcome {
        func arity(_ expected: ClosedRange<Int>) -> RESPValue? {
            expected.contains(arguments.count) ? nil : .error("ERR wrong number of arguments for '\(name.lowercased())' command")
        }
        switch name {
        case "PING":
            if let error = arity(0...1) { return Outcome(reply: error) }
            return Outcome(reply: arguments.first.map { .bulkString($0) } ?? .simpleString("PONG"))
        case "ECHO":
            return Outcome(reply: arity(1...1) ?? .bulkString(arguments[0]))
        case "GET":
            if let error = arity(1...1) { return Outcome(reply: error) }
            switch values[arguments[0]] {
            case nil: return Outcome(reply: .null)
            case .string(let value): return Outcome(reply: .bulkString(value))
            default: return Outcome(reply: Self.wrongType)
            }
        case "SET":
            if let error = arity(2...2) { return Outcome(reply: error) }
            values[arguments[0]] = .string(arguments[1])
            return Outcome(reply: .ok, wrote: true)
        case "DEL":
            if let error = arity(1...Int.max) { return Outcome(reply: error) }
            let removed = arguments.filter { values.removeValue(forKey: $0) != nil }.count
            return Outcome(reply: .integer(Int64(removed)), wrote: removed > 0)
        case "INCR", "DECR", "INCRBY":
            if let error = arity(name == "INCRBY" ? 2...2 : 1...1) { return Outcome(reply: error) }
            let step: Int64? = name == "INCRBY" ? Int64(String(decoding: arguments[1], as: UTF8.self)) : (name == "INCR" ? 1 : -1)
            guard let step else { return Outcome(reply: .error("ERR value is not an integer or out of range")) }
            var current: Int64 = 0
            switch values[arguments[0]] {
            case nil: break
            case .string(let text):
                guard let value = Int64(String(decoding: text, as: UTF8.self)) else {
                    return Outcome(reply: .error("ERR value is not an integer or out of range"))
                }
                current = value
            default: return Outcome(reply: Self.wrongType)
            }
            let (sum, overflow) = current.addingReportingOverflow(step)
            guard !overflow else { return Outcome(reply: .error("ERR increment or decrement would overflow")) }
            values[arguments[0]] = .string(Array(String(sum).utf8))
            return Outcome(reply: .integer(sum), wrote: true)
        case "CAS":
            // CAS key expected new: sets key to new if it holds expected; 1 if it did, 0 if not.
            if let error = arity(3...3) { return Outcome(reply: error) }
            switch values[arguments[0]] {
            case .string(let current) where current == arguments[1]:
                values[arguments[0]] = .string(arguments[2])
                return Outcome(reply: .integer(1), wrote: true)
            case nil, .string: return Outcome(reply: .integer(0))
            default: return Outcome(reply: Self.wrongType)
            }
        case "SADD":
            if let error = arity(2...Int.max) { return Outcome(reply: error) }
            guard case .set(var members) = values[arguments[0]] ?? .set([]) else { return Outcome(reply: Self.wrongType) }
            let added = arguments.dropFirst().filter { members.insert($0).inserted }.count
            values[arguments[0]] = .set(members)
            return Outcome(reply: .integer(Int64(added)), wrote: added > 0)
        case "SMEMBERS":
            if let error = arity(1...1) { return Outcome(reply: error) }
            guard case .set(let members) = values[arguments[0]] ?? .set([]) else { return Outcome(reply: Self.wrongType) }
            return Outcome(reply: .array(members.sorted { $0.lexicographicallyPrecedes($1) }.map { .bulkString($0) }))
        case "RPUSH":
            if let error = arity(2...Int.max) { return Outcome(reply: error) }
            guard case .list(var items) = values[arguments[0]] ?? .list([]) else { return Outcome(reply: Self.wrongType) }
            items += arguments.dropFirst()
            values[arguments[0]] = .list(items)
            return Outcome(reply: .integer(Int64(items.count)), wrote: true)
        case "LPOP":
            if let error = arity(1...1) { return Outcome(reply: error) }
            switch values[arguments[0]] {
            case nil: return Outcome(reply: .null)
            case .list(var items):
                let first = items.removeFirst()
                values[arguments[0]] = items.isEmpty ? nil : .list(items)
                return Outcome(reply: .bulkString(first), wrote: true)
            default: return Outcome(reply: Self.wrongType)
            }
        case "DBSIZE":
            return Outcome(reply: arity(0...0) ?? .integer(Int64(values.count)))
        case "FLUSHALL":
            values = [:]
            return Outcome(reply: .ok, wrote: true)
        case "SELECT":
            if let error = arity(1...1) { return Outcome(reply: error) }
            return Outcome(reply: arguments[0] == Array("0".utf8) ? .ok : .error("ERR DB index is out of range"))
        case "COMMAND":
            return Outcome(reply: .array([]))
        default:
            return Outcome(reply: .error("ERR unknown command '\(name.lowercased())'"))
        }
    }

    /// The commands that rebuild this data from nothing, for a replica that (re)connects.
    var snapshot: [RESPValue] {
        [.command(["FLUSHALL"])] + values.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { key, value in
            switch value {
            case .string(let text): .array([.bulk("SET"), .bulkString(key), .bulkString(text)])
            case .set(let members): .array([.bulk("SADD"), .bulkString(key)] + members.map { .bulkString($0) })
            case .list(let items): .array([.bulk("RPUSH"), .bulkString(key)] + items.map { .bulkString($0) })
            }
        }
    }
}
