import Testing
@testable import FaultlineStore

@Suite struct RESPParserTests {
    @Test func readsEveryKindOfValueAndWaitsForTheRest() throws {
        let wire = RESPValue.array([.bulk("SET"), .bulk("k"), .bulkString([0, 13, 10, 255])]).encoded
            + RESPValue.simpleString("OK").encoded + RESPValue.error("ERR x").encoded + RESPValue.integer(-42).encoded
            + RESPValue.null.encoded + RESPValue.array(nil).encoded
        var parser = RESPParser()
        var values: [RESPValue] = []
        for byte in wire {  // one byte at a time: every prefix is incomplete, never an error
            parser.append([byte])
            while let value = try parser.next() { values.append(value) }
        }
        #expect(values == [.array([.bulk("SET"), .bulk("k"), .bulkString([0, 13, 10, 255])]), .simpleString("OK"),
                           .error("ERR x"), .integer(-42), .null, .array(nil)])
    }

    @Test func readsInlineCommandsAsRedisDoes() throws {
        var parser = RESPParser()
        parser.append(Array("PING\r\nSET  key value\r\n".utf8))
        #expect(try parser.next() == .command(["PING"]))
        #expect(try parser.next() == .command(["SET", "key", "value"]))
        #expect(try parser.next() == nil)
    }

    @Test(arguments: [
        ("*-2\r\n", "invalid multibulk length -2"),
        ("*99999999\r\n", "invalid multibulk length 99999999"),
        ("$99999999999\r\n", "invalid bulk length 99999999999"),
        ("*1\r\n$3\r\nabcX\r\n", "bulk string not followed by CRLF"),
        ("*1\r\n!3\r\n", "expected '$', got '!'"),
        ("*x\r\n", "invalid length or integer 'x'"),
    ])
    func refusesBadInputWithAReason(wire: String, reason: String) {
        var parser = RESPParser()
        parser.append(Array(wire.utf8))
        #expect(throws: RESPParser.ProtocolError(description: reason)) { try parser.next() }
    }

    @Test func boundsTheLengthOfALine() {
        var parser = RESPParser()
        parser.append(Array(repeating: UInt8(ascii: "a"), count: RESPParser.maximumInlineLength + 2))
        #expect(throws: RESPParser.ProtocolError.self) { try parser.next() }
    }
}
