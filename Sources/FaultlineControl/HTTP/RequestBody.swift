import Foundation
import FaultlineCore
import FaultlineProfiles

/// A request's JSON body, parsed with the profile reader so that every value keeps its line and
/// column for error messages ("request body:1:23: ...").
struct RequestBody {
    static let file = "request body"
    let root: ConfigNode

    init(_ text: String) throws(ControlError) {
        guard !text.allSatisfy(\.isWhitespace) else { throw ControlError(.badRequest, "a JSON body is required") }
        do {
            root = try ConfigDocument.parse(text, file: Self.file)
        } catch {
            // The reader speaks YAML, of which JSON is a part; the client wrote JSON.
            let problems = error.diagnostics.map { $0.apiText.replacingOccurrences(of: "invalid YAML: ", with: "") }
            throw ControlError(.badRequest, "malformed JSON: " + problems.joined(separator: "; "))
        }
    }

    /// The members of a JSON object, by key.
    static func members(of node: ConfigNode, _ what: String) throws(ControlError) -> [String: ConfigNode] {
        guard case .mapping(let entries) = node.content else {
            throw ControlError(.badRequest, "\(node.location): expected \(what) (a JSON object), got \(node.kindDescription(json: true))")
        }
        return Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// The text of a scalar member (a string, number or boolean), or nil when absent or null.
    static func scalar(_ members: [String: ConfigNode], _ key: String) throws(ControlError) -> String? {
        guard let node = members[key] else { return nil }
        switch node.content {
        case .null: return nil
        case .scalar(let text, _): return text
        case .sequence, .mapping:
            throw ControlError(.badRequest, "\(node.location): '\(key)' must be a string or a number, got \(node.kindDescription(json: true))")
        }
    }

    static func string(_ members: [String: ConfigNode], _ key: String) throws(ControlError) -> String? {
        try scalar(members, key)
    }

    static func bool(_ members: [String: ConfigNode], _ key: String) throws(ControlError) -> Bool? {
        guard let text = try scalar(members, key) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            throw ControlError(.badRequest, "\(members[key]?.location.description ?? Self.file): '\(key)' must be true or false, got '\(text)'")
        }
    }

    static func number(_ members: [String: ConfigNode], _ key: String) throws(ControlError) -> Double? {
        guard let text = try scalar(members, key) else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw ControlError(.badRequest, "\(members[key]?.location.description ?? Self.file): '\(key)' must be a number, got '\(text)'")
        }
        return value
    }

    static func endpoint(_ members: [String: ConfigNode], _ key: String) throws(ControlError) -> Endpoint? {
        guard var text = try string(members, key) else { return nil }
        if text.hasPrefix(":") { text = "0.0.0.0" + text }  // Toxiproxy's ":8080" means every address
        do {
            return try Endpoint(parsing: text)
        } catch {
            throw ControlError(.badRequest, "\(members[key]?.location.description ?? Self.file): '\(key)': \(error)")
        }
    }
}
