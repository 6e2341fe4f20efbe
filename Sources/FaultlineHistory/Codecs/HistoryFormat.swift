import FaultlineCore

/// The history formats Faultline reads, and how to tell them apart.
public enum HistoryFormat: String, CaseIterable, Sendable {
    case jsonl
    case edn

    /// JSON Lines start with `{"`; anything else (`[`, `(`, `{:`, `;`) is EDN.
    public static func detect(_ bytes: [UInt8]) -> HistoryFormat {
        var index = 0
        func skipSpace() { while index < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[index]) { index += 1 } }
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return .edn }
        index += 1
        skipSpace()
        return index < bytes.count && bytes[index] == UInt8(ascii: "\"") ? .jsonl : .edn
    }

    /// Reads a history in this format.
    public func decode(_ bytes: [UInt8], file: String, independent: Bool = false) throws(DiagnosticList) -> History {
        switch self {
        case .jsonl: try JSONLCodec.decode(bytes, file: file, independent: independent)
        case .edn: try EDNCodec.decode(bytes, file: file, independent: independent)
        }
    }
}
