import FaultlineCore

/// A parsed YAML (or JSON) value with where it stands in its file.
///
/// The decoders read this tree rather than Yams' own, so that every value carries a location
/// and the rest of the package never depends on the YAML library.
public struct ConfigNode: Sendable {
    public enum Content: Sendable {
        case null
        /// `plain` is false for quoted scalars, which are always strings.
        case scalar(String, plain: Bool)
        case sequence([ConfigNode])
        case mapping([Entry])
    }

    /// A key and its value in a mapping, in file order.
    public struct Entry: Sendable {
        public let key: String
        public let keyLocation: SourceLocation
        public let value: ConfigNode
    }

    public let content: Content
    public let location: SourceLocation

    /// What the node is, for messages: "a list", "a mapping", "nothing".
    var kindDescription: String {
        switch content {
        case .null: "nothing (null)"
        case .scalar(let text, _): "'\(text)'"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}
