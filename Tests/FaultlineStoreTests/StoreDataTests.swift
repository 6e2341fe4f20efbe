import Testing
@testable import FaultlineStore

@Suite struct StoreDataTests {
    func run(_ data: inout StoreData, _ words: String...) -> RESPValue {
        data.execute(words[0], words.dropFirst().map { Array($0.utf8) }).reply
    }

    @Test func stringsCountersAndCompareAndSet() {
        var data = StoreData()
        #expect(run(&data, "GET", "k") == .null)
        #expect(run(&data, "SET", "k", "1") == .ok)
        #expect(run(&data, "CAS", "k", "2", "3") == .integer(0))
        #expect(run(&data, "CAS", "k", "1", "3") == .integer(1))
        #expect(run(&data, "GET", "k") == .bulk("3"))
        #expect(run(&data, "CAS", "missing", "", "x") == .integer(0))
        #expect(run(&data, "INCRBY", "k", "4") == .integer(7))
        #expect(run(&data, "INCR", "n") == .integer(1))
        #expect(run(&data, "DECR", "n") == .integer(0))
        #expect(run(&data, "SET", "word", "abc") == .ok)
        #expect(run(&data, "INCR", "word") == .error("ERR value is not an integer or out of range"))
        #expect(run(&data, "DEL", "k", "nope") == .integer(1))
        #expect(run(&data, "DBSIZE") == .integer(2))
    }

    @Test func setsListsAndTypeErrors() {
        var data = StoreData()
        #expect(run(&data, "SADD", "s", "b", "a", "b") == .integer(2))
        #expect(run(&data, "SMEMBERS", "s") == .array([.bulk("a"), .bulk("b")]))
        #expect(run(&data, "RPUSH", "q", "1", "2") == .integer(2))
        #expect(run(&data, "LPOP", "q") == .bulk("1"))
        #expect(run(&data, "LPOP", "q") == .bulk("2"))
        #expect(run(&data, "LPOP", "q") == .null)
        #expect(run(&data, "GET", "s") == StoreData.wrongType)
        #expect(run(&data, "RPUSH", "s", "x") == StoreData.wrongType)
        #expect(run(&data, "SET", "k") == .error("ERR wrong number of arguments for 'set' command"))
        #expect(run(&data, "FLY", "k") == .error("ERR unknown command 'fly'"))
    }

    @Test func aSnapshotRebuildsTheSameData() {
        var data = StoreData()
        _ = run(&data, "SET", "k", "v")
        _ = run(&data, "SADD", "s", "x", "y")
        _ = run(&data, "RPUSH", "q", "1", "2")
        var copy = StoreData()
        _ = run(&copy, "SET", "stale", "gone")
        for command in data.snapshot {
            guard case .array(let items?) = command else { continue }
            let words = items.compactMap { if case .bulkString(let word?) = $0 { word } else { nil } }
            _ = copy.execute(String(decoding: words[0], as: UTF8.self), Array(words.dropFirst()))
        }
        #expect(copy.values == data.values)
    }
}
