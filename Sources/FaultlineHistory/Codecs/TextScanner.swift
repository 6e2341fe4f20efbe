import FaultlineCore

/// Reads UTF-8 text byte by byte, keeping the line and column for error messages.
///
/// The JSON and EDN readers share it, so both parse strings and numbers the same way.
struct TextScanner {
    let bytes: [UInt8]
    let file: String
    private(set) var position = 0
    private(set) var line = 1
    private var lineStart = 0
    private var depth = 0
    /// Collections nested deeper than this are refused: the readers recurse.
    static let maximumDepth = 256

    /// `firstLine` is the line number of the first byte, for text that continues a file.
    init(bytes: [UInt8], file: String, firstLine: Int = 1) {
        self.bytes = bytes
        self.file = file
        line = firstLine
    }

    var isAtEnd: Bool { position >= bytes.count }
    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }
    var column: Int { position - lineStart + 1 }

    mutating func advance() {
        if bytes[position] == UInt8(ascii: "\n") {
            line += 1
            lineStart = position + 1
        }
        position += 1
    }

    /// Skips spaces, tabs, newlines, and (for EDN) commas and `;` comments.
    mutating func skipWhitespace(edn: Bool) {
        while let byte = peek {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                advance()
            case UInt8(ascii: ",") where edn:
                advance()
            case UInt8(ascii: ";") where edn:
                while let next = peek, next != UInt8(ascii: "\n") { advance() }
            default:
                return
            }
        }
    }

    /// Notes that a collection opens; throws when nesting gets too deep.
    mutating func enterCollection() throws(DiagnosticList) {
        depth += 1
        if depth > Self.maximumDepth { throw failure("nesting deeper than \(Self.maximumDepth) levels") }
    }

    mutating func leaveCollection() {
        depth -= 1
    }

    func failure(_ message: String) -> DiagnosticList {
        DiagnosticList([Diagnostic(location: SourceLocation(file: file, line: line, column: column), path: "",
                                   message: message)])
    }

    mutating func expect(_ byte: UInt8) throws(DiagnosticList) {
        guard peek == byte else {
            throw failure("expected '\(Character(UnicodeScalar(byte)))', found \(describeNext())")
        }
        advance()
    }

    func describeNext() -> String {
        guard let byte = peek else { return "the end of the input" }
        if byte >= 0x20 && byte < 0x7f { return "'\(Character(UnicodeScalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    /// Reads a string after its opening quote, through the closing quote, with JSON's escapes
    /// (which EDN's are a subset of).
    mutating func readString() throws(DiagnosticList) -> String {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: bytes[start..<(position - 1)], as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\n") { break }
            position += 1
        }
        var utf8 = Array(bytes[start..<position])
        while true {
            guard let byte = peek else { throw failure("unterminated string") }
            advance()
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = peek else { throw failure("unterminated string") }
                advance()
                switch escaped {
                case UInt8(ascii: "n"): utf8.append(0x0a)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "r"): utf8.append(0x0d)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0c)
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if (0xd800..<0xdc00).contains(scalar), peek == UInt8(ascii: "\\") {
                        advance()
                        try expect(UInt8(ascii: "u"))
                        let low = try readHex4()
                        scalar = 0x10000 + ((scalar - 0xd800) << 10) + (low &- 0xdc00)
                    }
                    utf8.append(contentsOf: Array(String(UnicodeScalar(scalar).map(Character.init) ?? "\u{fffd}").utf8))
                default:
                    throw failure("unknown escape '\\\(Character(UnicodeScalar(escaped)))' in a string")
                }
            default:
                utf8.append(byte)
            }
        }
    }

    private mutating func readHex4() throws(DiagnosticList) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek, let digit = Character(UnicodeScalar(byte)).hexDigitValue else {
                throw failure("expected four hex digits after \\u")
            }
            value = value * 16 + UInt32(digit)
            advance()
        }
        return value
    }

    /// Reads a number: an integer when it has no fraction or exponent and fits 64 bits, else a double.
    /// EDN's `N` (big integer) and `M` (big decimal) suffixes are accepted.
    mutating func readNumber(edn: Bool) throws(DiagnosticList) -> HistoryValue {
        let start = position
        if peek == UInt8(ascii: "-") || peek == UInt8(ascii: "+") { advance() }
        var isInteger = true
        var digits = 0
        while let byte = peek {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                        || ((byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")) && !isInteger) {
                isInteger = false
            } else {
                break
            }
            advance()
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if edn, let suffix = peek, suffix == UInt8(ascii: "N") || suffix == UInt8(ascii: "M") {
            advance()
            if suffix == UInt8(ascii: "M") { isInteger = false }
        }
        guard digits > 0 else { throw failure("malformed number '\(text)'") }
        if isInteger, let value = Int64(text.hasPrefix("+") ? String(text.dropFirst()) : text) {
            return .int(value)
        }
        guard let value = Double(text) else { throw failure("malformed number '\(text)'") }
        return .double(value)
    }
}
