import FaultlineCore

extension HistoryValue {
    /// Parses a value written as a JSON or EDN literal, as `--initial` takes it: `0`, `nil`,
    /// `null`, `""`, `false`, `{:x 0 :y 0}`, `{"x": 0}`, `[1 2]`.
    public init(literal text: String) throws(DiagnosticList) {
        let bytes = Array(text.utf8)
        var json = JSONReader(scanner: TextScanner(bytes: bytes, file: "--initial"))
        if let value = try? json.readValue() {
            json.scanner.skipWhitespace(edn: false)
            if json.scanner.isAtEnd {
                self = value
                return
            }
        }
        var edn = EDNReader(scanner: TextScanner(bytes: bytes, file: "--initial"))
        guard let value = try edn.readForm() else {
            throw edn.scanner.failure("expected a value such as 0, nil, \"\", false or {:x 0}")
        }
        edn.scanner.skipWhitespace(edn: true)
        guard edn.scanner.isAtEnd else { throw edn.scanner.failure("unexpected \(edn.scanner.describeNext()) after the value") }
        self = value
    }
}
