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

        public init(key: String, keyLocation: SourceLocation, value: ConfigNode) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    public let content: Content
    public let location: SourceLocation

    /// A node made in code (e.g. from an API request), located where its values came from.
    public init(content: Content, location: SourceLocation) {
        self.content = content
        self.location = location
    }

    /// What the node is, for messages: "a list", "a mapping", "nothing (null)"; in JSON's words
    /// ("an array", "an object", "null") for documents that were JSON.
    public func kindDescription(json: Bool = false) -> String {
        switch content {
        case .null: json ? "null" : "nothing (null)"
        case .scalar(let text, _): "'\(text)'"
        case .sequence: json ? "an array" : "a list"
        case .mapping: json ? "an object" : "a mapping"
        }
    }
}
