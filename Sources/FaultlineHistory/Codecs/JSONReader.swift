import FaultlineCore

/// A strict JSON value reader over a `TextScanner`, with located errors.
struct JSONReader {
    var scanner: TextScanner

    init(scanner: TextScanner) {
        self.scanner = scanner
    }

    mutating func readValue() throws(DiagnosticList) -> HistoryValue {
        scanner.skipWhitespace(edn: false)
        guard let byte = scanner.peek else { throw scanner.failure("expected a value, found the end of the input") }
        switch byte {
        case UInt8(ascii: "{"):
            return .map(try readObject { reader, key throws(DiagnosticList) in try reader.readValue() }
                .reduce(into: [:]) { $0[.string($1.key)] = $1.value })
        case UInt8(ascii: "["):
            try scanner.enterCollection()
            defer { scanner.leaveCollection() }
            scanner.advance()
            var values: [HistoryValue] = []
            scanner.skipWhitespace(edn: false)
            if scanner.peek == UInt8(ascii: "]") {
                scanner.advance()
                return .list(values)
            }
            while true {
                values.append(try readValue())
                scanner.skipWhitespace(edn: false)
                if scanner.peek == UInt8(ascii: ",") {
                    scanner.advance()
                } else {
                    try scanner.expect(UInt8(ascii: "]"))
                    return .list(values)
                }
            }
        case UInt8(ascii: "\""):
            scanner.advance()
            return .string(try scanner.readString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try scanner.readNumber(edn: false)
        default:
            throw scanner.failure("expected a JSON value, found \(scanner.describeNext())")
        }
    }

    /// Reads an object, handing each key to `readMember` to read its value.
    mutating func readObject<Member>(
        _ readMember: (inout JSONReader, String) throws(DiagnosticList) -> Member
    ) throws(DiagnosticList) -> [(key: String, value: Member)] {
        try scanner.enterCollection()
        defer { scanner.leaveCollection() }
        try scanner.expect(UInt8(ascii: "{"))
        var members: [(key: String, value: Member)] = []
        scanner.skipWhitespace(edn: false)
        if scanner.peek == UInt8(ascii: "}") {
            scanner.advance()
            return members
        }
        while true {
            scanner.skipWhitespace(edn: false)
            guard scanner.peek == UInt8(ascii: "\"") else {
                throw scanner.failure("expected a quoted key, found \(scanner.describeNext())")
            }
            scanner.advance()
            let key = try scanner.readString()
            scanner.skipWhitespace(edn: false)
            try scanner.expect(UInt8(ascii: ":"))
            members.append((key, try readMember(&self, key)))
            scanner.skipWhitespace(edn: false)
            if scanner.peek == UInt8(ascii: ",") {
                scanner.advance()
            } else {
                try scanner.expect(UInt8(ascii: "}"))
                return members
            }
        }
    }

    private mutating func literal(_ word: String) throws(DiagnosticList) {
        for expected in word.utf8 {
            guard scanner.peek == expected else { throw scanner.failure("expected '\(word)'") }
            scanner.advance()
        }
    }
}
