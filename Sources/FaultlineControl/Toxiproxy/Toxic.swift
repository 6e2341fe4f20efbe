import FaultlineCore
import FaultlineProfiles

/// A fault as Toxiproxy's API shows it: `{"name", "type", "stream", "toxicity", "attributes"}`.
///
/// Toxiproxy's own types keep their attribute names and units (latency and jitter in ms,
/// bandwidth rate in KB/s, slicer delay in µs, ...); a latency also shows Faultline's
/// `distribution` and `correlation`. Faultline's other types use the profile language's
/// parameters. A toxic is turned into a fault by writing it in the profile language and reading
/// it with the profile decoder, so the API accepts and rejects exactly what profiles do.
struct Toxic {
    var name: String?
    var type: String
    var stream: String?
    var toxicity: ConfigNode?
    /// Attribute values as the request gave them, with their locations.
    var attributes: [(key: String, value: ConfigNode)]

    /// Toxiproxy's attributes of its own types: the profile parameter each becomes, the unit
    /// its number is in, and Toxiproxy's default when the request leaves it out (nil: required).
    static let toxiproxyAttributes: [FaultType: [(attribute: String, parameter: String, unit: String, default: String?)]] = [
        .latency: [("latency", "delay", "ms", "0"), ("jitter", "jitter", "ms", "0")],
        .bandwidth: [("rate", "rate", "KB/s", nil)],
        .slowClose: [("delay", "delay", "ms", "0")],
        .timeout: [("timeout", "after", "ms", "0")],
        .resetPeer: [("timeout", "after", "ms", "0")],
        .slicer: [("average_size", "average_size", "B", nil), ("size_variation", "size_variation", "B", "0"),
                  ("delay", "delay", "us", "0")],
        .limitData: [("bytes", "bytes", "B", "0")],
    ]

    /// Toxiproxy's `packet_loss` is Faultline's Bernoulli `loss`, with rates as fractions.
    static let packetLoss = "packet_loss"

    // MARK: From a request

    /// Reads a toxic from a request body's object, ignoring unknown members as Toxiproxy does.
    init(_ members: [String: ConfigNode], defaultType: String? = nil) throws(ControlError) {
        name = try RequestBody.string(members, "name")
        guard let type = try RequestBody.string(members, "type") ?? defaultType else {
            throw ControlError(.badRequest, "a toxic needs a 'type'")
        }
        self.type = type
        stream = try RequestBody.string(members, "stream")
        toxicity = members["toxicity"]
        if let node = members["attributes"], case .mapping(let entries) = node.content {
            attributes = entries.map { ($0.key, $0.value) }
        } else if let node = members["attributes"], case .null = node.content {
            attributes = []
        } else if let node = members["attributes"] {
            throw ControlError(.badRequest, "\(node.location): 'attributes' must be an object, got \(node.kindDescription(json: true))")
        } else {
            attributes = []
        }
    }

    /// This toxic with `changes` applied: members given replace these, attributes are merged.
    func merging(_ changes: [String: ConfigNode]) throws(ControlError) -> Toxic {
        var merged = self
        let update = try Toxic(changes, defaultType: type)
        merged.name = update.name ?? name
        merged.stream = update.stream ?? stream
        merged.toxicity = update.toxicity ?? toxicity
        for (key, value) in update.attributes {
            merged.attributes.removeAll { $0.key == key }
            merged.attributes.append((key, value))
        }
        return merged
    }

    /// The fault this toxic describes, for a proxy of `transport`, checked as a profile's would be.
    func fault(for transport: TransportProtocol) throws(ControlError) -> FaultSpec {
        let location = SourceLocation(file: RequestBody.file, line: 1, column: 1)
        func scalar(_ text: String, at location: SourceLocation) -> ConfigNode {
            ConfigNode(content: .scalar(text, plain: true), location: location)
        }
        let (faultType, parameters) = try profileParameters()
        var entries = [("type", scalar(faultType.rawValue, at: location))]
        if let name { entries.append(("name", scalar(name, at: location))) }
        if !faultType.actsOnConnections { entries.append(("direction", scalar(stream ?? "downstream", at: location))) }
        if let toxicity { entries.append(("toxicity", toxicity)) }
        entries += parameters
        let node = ConfigNode(content: .mapping(entries.map { ConfigNode.Entry(key: $0.0, keyLocation: $0.1.location, value: $0.1) }),
                              location: location)
        let log = DiagnosticLog()
        let fault = FaultSpec.decode(node, at: .root, transport: transport, log: log)
        guard log.isEmpty, let fault else {
            throw ControlError(.badRequest, log.diagnostics.map(\.apiText).joined(separator: "; "))
        }
        return fault
    }

    /// The Faultline type and its profile parameters: Toxiproxy's numbers get their units.
    private func profileParameters() throws(ControlError) -> (FaultType, [(String, ConfigNode)]) {
        if type == Self.packetLoss {
            let rename = ["loss_rate": "probability", "correlation": "correlation"]
            return (.loss, attributes.map { (rename[$0.key] ?? $0.key, $0.value) })
        }
        guard let faultType = FaultType(rawValue: type) else {
            let known = (FaultType.allCases.map(\.rawValue) + [Self.packetLoss]).sorted().joined(separator: ", ")
            throw ControlError(.badRequest, "unknown toxic type '\(type)' (known: \(known))")
        }
        guard let renames = Self.toxiproxyAttributes[faultType] else {
            return (faultType, attributes.map { ($0.key, $0.value) })
        }
        let location = SourceLocation(file: RequestBody.file, line: 1, column: 1)
        let defaults = renames.filter { rename in !attributes.contains { $0.key == rename.attribute } }
            .compactMap { rename in rename.default.map { (rename.attribute, ConfigNode(content: .scalar($0, plain: true), location: location)) } }
        return (faultType, try (attributes + defaults).map { (key, value) throws(ControlError) in
            guard let rename = renames.first(where: { $0.attribute == key }) else { return (key, value) }
            guard case .scalar(let text, _) = value.content, Double(text) != nil else {
                throw ControlError(.badRequest, "\(value.location): '\(key)' must be a number (in \(rename.unit)), got \(value.kindDescription(json: true))")
            }
            return (rename.parameter, ConfigNode(content: .scalar(text + rename.unit, plain: true), location: value.location))
        })
    }
}

extension Diagnostic {
    /// The problem for an API response: where, which field, what.
    var apiText: String {
        [location.map(\.description), path.isEmpty ? nil : path, message].compactMap { $0 }.joined(separator: ": ")
    }
}

extension FaultSpec {
    /// The fault as a Toxiproxy toxic.
    var toxicJSON: JSON {
        let stream = direction == .both ? "both" : direction.rawValue
        return .object([
            ("name", .string(name)), ("type", .string(kind.type.rawValue)), ("stream", .string(stream)),
            ("toxicity", .number(toxicity.value)), ("attributes", .object(toxicAttributes)),
        ])
    }

    /// Toxiproxy's attributes (numbers in its units) for its own types, then the profile
    /// parameters that have no Toxiproxy name, as strings.
    private var toxicAttributes: [(String, JSON)] {
        let renames = Toxic.toxiproxyAttributes[kind.type] ?? []
        return parameters.map { key, value in
            guard let rename = renames.first(where: { $0.parameter == key }) else { return (key, .string(value)) }
            return (rename.attribute, .number(Self.number(value, in: rename.unit)))
        }
    }

    /// A profile value ("50ms", "1.5MB/s", "1KiB") as a number of `unit`.
    private static func number(_ text: String, in unit: String) -> Double {
        switch unit {
        case "ms", "us":
            let nanoseconds = (try? Duration(parsing: text)).map { Double($0.nanoseconds) } ?? 0
            return nanoseconds / (unit == "ms" ? 1e6 : 1e3)
        case "KB/s": return ((try? ByteRate(parsing: text))?.bytesPerSecond ?? 0) / 1_000
        default: return Double((try? ByteCount(parsing: text))?.bytes ?? 0)
        }
    }
}
