import FaultlineCore

/// Reads the keys of one mapping, reporting wrong values, missing keys and, at `finish()`,
/// unknown keys with the nearest known key as a suggestion.
///
/// The known keys are exactly the ones the decoder asked for, so the list of valid keys and
/// the decoding code cannot drift apart.
public struct MappingReader {
    public let node: ConfigNode
    public let path: ConfigPath
    public let log: DiagnosticLog
    /// What the mapping describes, for messages: "a latency fault", "a proxy".
    let subject: String
    private let entries: [ConfigNode.Entry]
    private var knownKeys: [String] = []

    /// A reader for `node`, or nil (reported) when it is not a mapping.
    public init?(_ node: ConfigNode, at path: ConfigPath, describing subject: String, log: DiagnosticLog) {
        guard case .mapping(let entries) = node.content else {
            log.report("expected \(subject) (a mapping of keys to values), got \(node.kindDescription())",
                       at: node.location, path: path)
            return nil
        }
        self.node = node
        self.path = path
        self.log = log
        self.subject = subject
        self.entries = entries
    }

    public func contains(_ key: String) -> Bool {
        entries.contains { $0.key == key }
    }

    /// The value of `key`, marking the key as known.
    public mutating func value(_ key: String) -> ConfigNode? {
        if !knownKeys.contains(key) { knownKeys.append(key) }
        return entries.first { $0.key == key }?.value
    }

    /// Marks keys as known without reading them, e.g. keys of another variant that are
    /// rejected with a more specific message elsewhere.
    public mutating func allow(_ keys: String...) {
        knownKeys.append(contentsOf: keys.filter { !knownKeys.contains($0) })
    }

    public mutating func optional<Value>(_ key: String, _ decoder: ScalarDecoder<Value>) -> Value? {
        value(key).flatMap { log.scalar($0, at: path / key, decoder) }
    }

    public mutating func required<Value>(_ key: String, _ decoder: ScalarDecoder<Value>) -> Value? {
        guard let node = value(key) else {
            reportMissing(key, expected: decoder.expected)
            return nil
        }
        return log.scalar(node, at: path / key, decoder)
    }

    /// A structured value under `key`, decoded by `decode` with the value's node and path.
    public mutating func optional<Value>(_ key: String, _ decode: (ConfigNode, ConfigPath) -> Value?) -> Value? {
        value(key).flatMap { decode($0, path / key) }
    }

    public mutating func required<Value>(_ key: String, expected: String,
                                         _ decode: (ConfigNode, ConfigPath) -> Value?) -> Value? {
        guard let node = value(key) else {
            reportMissing(key, expected: expected)
            return nil
        }
        return decode(node, path / key)
    }

    /// Reports a missing key, unless a misspelling of it is present: the unknown-key message
    /// for that one already suggests this key, and one typo should give one message.
    public func reportMissing(_ key: String, expected: String) {
        let misspelt = entries.contains { $0.key != key && !knownKeys.contains($0.key) && nearest(to: $0.key, in: [key]) != nil }
        guard !misspelt else { return }
        log.report("missing key '\(key)' (\(expected)) in \(subject)", at: node.location, path: path)
    }

    /// Reports a problem with the value of `key` (or the mapping itself when the key is absent).
    public func report(_ message: String, about key: String) {
        let location = entries.first { $0.key == key }?.value.location ?? node.location
        log.report(message, at: location, path: contains(key) ? path / key : path)
    }

    /// Where the value of `key` stands, if present.
    public func location(of key: String) -> SourceLocation? {
        entries.first { $0.key == key }?.value.location
    }

    /// The keys present that no one has asked for so far.
    public var unknownKeys: [String] {
        entries.map(\.key).filter { !knownKeys.contains($0) }
    }

    /// Reports every key that no one asked for.
    public func finish() {
        for entry in entries where !knownKeys.contains(entry.key) {
            var message = "unknown key '\(entry.key)' in \(subject); expected one of: \(knownKeys.joined(separator: ", "))"
            if let suggestion = nearest(to: entry.key, in: knownKeys) {
                message += " (did you mean '\(suggestion)'?)"
            }
            log.report(message, at: entry.keyLocation, path: path / entry.key)
        }
    }
}

extension DiagnosticLog {
    /// Decodes a scalar node, reporting (and returning nil) when it is missing, a collection, or invalid.
    public func scalar<Value>(_ node: ConfigNode, at path: ConfigPath, _ decoder: ScalarDecoder<Value>) -> Value? {
        guard case .scalar(let text, let plain) = node.content else {
            report("expected \(decoder.expected), got \(node.kindDescription())", at: node.location, path: path)
            return nil
        }
        do {
            return try decoder.parse(text, plain)
        } catch {
            report(error.description, at: node.location, path: path)
            return nil
        }
    }

    /// Decodes each element of a list; nil (reported) when the node is not a list.
    /// Elements that fail are reported by `decode` and left out.
    public func list<Value>(_ node: ConfigNode, at path: ConfigPath, of noun: String,
                            _ decode: (ConfigNode, ConfigPath) -> Value?) -> [Value]? {
        guard case .sequence(let elements) = node.content else {
            report("expected a list of \(noun), got \(node.kindDescription())", at: node.location, path: path)
            return nil
        }
        return elements.enumerated().compactMap { index, element in decode(element, path[index]) }
    }
}
