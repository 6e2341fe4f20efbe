import FaultlineCore

/// A reader for the EDN that Jepsen and Knossos write: nil, booleans, numbers, strings,
/// characters, keywords, symbols, vectors, lists, maps, sets, `;` comments, `#_` discards and
/// tagged literals (`#inst "..."`, `#jepsen.history.Op{...}`), with located errors.
struct EDNReader {
    var scanner: TextScanner

    init(scanner: TextScanner) {
        self.scanner = scanner
    }

    /// Reads the next form; nil at the end of the input.
    mutating func readForm() throws(DiagnosticList) -> HistoryValue? {
        scanner.skipWhitespace(edn: true)
        guard let byte = scanner.peek else { return nil }
        switch byte {
        case UInt8(ascii: "["): return .list(try readSequence(closing: UInt8(ascii: "]")))
        case UInt8(ascii: "("): return .list(try readSequence(closing: UInt8(ascii: ")")))
        case UInt8(ascii: "{"): return try readMap()
        case UInt8(ascii: "\""):
            scanner.advance()
            return .string(try scanner.readString())
        case UInt8(ascii: ":"):
            scanner.advance()
            let name = readSymbolText()
            guard !name.isEmpty else { throw scanner.failure("a keyword needs a name after ':'") }
            return .string(name)
        case UInt8(ascii: "#"):
            return try readDispatch()
        case UInt8(ascii: "\\"):
            scanner.advance()
            let name = readSymbolText()
            let named = ["newline": "\n", "space": " ", "tab": "\t", "return": "\r"]
            if let character = named[name] { return .string(character) }
            if name.isEmpty, let next = scanner.peek {
                scanner.advance()
                return .string(String(UnicodeScalar(next)))
            }
            return .string(String(name.prefix(1)))
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try scanner.readNumber(edn: true)
        case UInt8(ascii: "-"), UInt8(ascii: "+"):
            if let next = scanner.bytes.dropFirst(scanner.position + 1).first, next >= UInt8(ascii: "0"), next <= UInt8(ascii: "9") {
                return try scanner.readNumber(edn: true)
            }
            return symbol(readSymbolText())
        case UInt8(ascii: "]"), UInt8(ascii: ")"), UInt8(ascii: "}"):
            throw scanner.failure("unexpected \(scanner.describeNext()) with no collection open")
        default:
            let text = readSymbolText()
            guard !text.isEmpty else { throw scanner.failure("unexpected \(scanner.describeNext())") }
            return symbol(text)
        }
    }

    /// Reads the elements of a vector or list, each with the line it starts on.
    mutating func readElementsWithLines(closing: UInt8) throws(DiagnosticList) -> [(value: HistoryValue, line: Int)] {
        try scanner.enterCollection()
        defer { scanner.leaveCollection() }
        scanner.advance()
        var elements: [(value: HistoryValue, line: Int)] = []
        while true {
            scanner.skipWhitespace(edn: true)
            guard let byte = scanner.peek else {
                throw scanner.failure("unterminated collection: expected '\(Character(UnicodeScalar(closing)))' before the end of the input")
            }
            if byte == closing {
                scanner.advance()
                return elements
            }
            let line = scanner.line
            if try skipDiscard() { continue }
            guard let value = try readForm() else { continue }
            elements.append((value, line))
        }
    }

    private mutating func readSequence(closing: UInt8) throws(DiagnosticList) -> [HistoryValue] {
        try readElementsWithLines(closing: closing).map(\.value)
    }

    private mutating func readMap() throws(DiagnosticList) -> HistoryValue {
        let line = scanner.line, column = scanner.column
        let elements = try readSequence(closing: UInt8(ascii: "}"))
        guard elements.count % 2 == 0 else {
            throw DiagnosticList([Diagnostic(location: SourceLocation(file: scanner.file, line: line, column: column),
                                             path: "", message: "a map needs an even number of forms, found \(elements.count)")])
        }
        var map: [HistoryValue: HistoryValue] = [:]
        for index in stride(from: 0, to: elements.count, by: 2) { map[elements[index]] = elements[index + 1] }
        return .map(map)
    }

    private mutating func readDispatch() throws(DiagnosticList) -> HistoryValue? {
        scanner.advance()
        switch scanner.peek {
        case UInt8(ascii: "{"):
            return .set(Set(try readSequence(closing: UInt8(ascii: "}"))))
        case UInt8(ascii: "_"):
            scanner.advance()
            _ = try readForm()
            return try readForm()
        default:
            let tag = readSymbolText()
            guard !tag.isEmpty else { throw scanner.failure("unexpected \(scanner.describeNext()) after '#'") }
            guard let tagged = try readForm() else { throw scanner.failure("the tag #\(tag) needs a value") }
            return tagged
        }
    }

    /// Skips a `#_` discard and the form after it; true if one was skipped.
    private mutating func skipDiscard() throws(DiagnosticList) -> Bool {
        let start = scanner.position
        guard scanner.peek == UInt8(ascii: "#"), scanner.bytes.dropFirst(start + 1).first == UInt8(ascii: "_") else {
            return false
        }
        scanner.advance()
        scanner.advance()
        _ = try readForm()
        return true
    }

    private mutating func readSymbolText() -> String {
        let start = scanner.position
        while let byte = scanner.peek {
            let isDelimiter = byte <= 0x20 || "[](){}\",;".utf8.contains(byte)
            if isDelimiter { break }
            scanner.advance()
        }
        return String(decoding: scanner.bytes[start..<scanner.position], as: UTF8.self)
    }

    private func symbol(_ text: String) -> HistoryValue {
        switch text {
        case "nil": .null
        case "true": .bool(true)
        case "false": .bool(false)
        default: .string(text)
        }
    }
}
