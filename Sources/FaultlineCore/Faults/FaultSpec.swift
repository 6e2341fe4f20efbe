/// One fault as a profile or API request describes it: what it does, to which flow, and to how
/// many connections.
public struct FaultSpec: Hashable, Sendable {
    /// Unique within a proxy; the handle for updating or removing the fault at run time.
    public var name: String
    public var direction: Direction
    /// The probability that a connection gets this fault, drawn once per connection (as
    /// Toxiproxy does). Per-packet probabilities are parameters of the fault itself.
    public var toxicity: Probability
    public var kind: FaultKind

    public init(name: String? = nil, direction: Direction = .downstream, toxicity: Probability = .always, kind: FaultKind) {
        self.name = name ?? Self.defaultName(for: kind.type, direction: direction)
        self.direction = direction
        self.toxicity = toxicity
        self.kind = kind
    }

    /// Toxiproxy's naming: `<type>_<stream>`, or just the type when it applies both ways or to connections.
    public static func defaultName(for type: FaultType, direction: Direction) -> String {
        direction == .both || type.actsOnConnections ? type.rawValue : "\(type.rawValue)_\(direction.rawValue)"
    }

    /// Everything wrong with the parameters, each naming its field.
    public func problems(on transport: TransportProtocol) -> [FieldProblem] {
        var problems = kind.problems()
        if !kind.type.transports.contains(transport) {
            let fitting = kind.type.transports.map(\.rawValue).sorted().joined(separator: " or ")
            problems.append(FieldProblem(
                field: "type",
                message: "a \(kind.type.rawValue) fault applies only to \(fitting) proxies, not to a \(transport.rawValue) proxy"))
        }
        return problems
    }
}

/// A problem with one field of a value, named so that the caller can point at it in the source.
public struct FieldProblem: Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// The transport a proxy carries.
public enum TransportProtocol: String, CaseIterable, Hashable, Sendable {
    case tcp
    case udp
}
