import FaultlineCore

extension FaultSpec {
    /// Decodes a fault such as `{type: latency, delay: 50ms, direction: both}` for a proxy
    /// carrying `transport` (nil when the proxy is unknown), reporting every problem in `log`.
    public static func decode(_ node: ConfigNode, at path: ConfigPath, transport: TransportProtocol?,
                              log: DiagnosticLog) -> FaultSpec? {
        guard var typeReader = MappingReader(node, at: path, describing: "a fault", log: log) else { return nil }
        guard let type = typeReader.required("type", ScalarDecoder<FaultType>.choice) else { return nil }
        guard var fields = MappingReader(node, at: path, describing: "a \(type.rawValue) fault", log: log) else {
            return nil
        }
        fields.allow("type")
        let name = fields.optional("name", .name)
        let toxicity = fields.optional("toxicity", .probability) ?? .always
        let direction: Direction
        if type.actsOnConnections {
            fields.allow("direction")
            if fields.contains("direction") {
                fields.report("a \(type.rawValue) fault acts on whole connections and takes no direction",
                              about: "direction")
            }
            direction = .both
        } else {
            direction = fields.optional("direction", ScalarDecoder<Direction>.choice) ?? .downstream
        }
        let kind = decodeKind(type, &fields)
        fields.finish()
        guard let kind else { return nil }
        let fault = FaultSpec(name: name, direction: direction, toxicity: toxicity, kind: kind)
        for problem in fault.problems(on: transport ?? type.transports.first ?? .tcp) {
            fields.report(problem.message, about: problem.field)
        }
        return fault
    }

    private static func decodeKind(_ type: FaultType, _ fields: inout MappingReader) -> FaultKind? {
        switch type {
        case .latency:
            let delay = fields.required("delay", .duration)
            let jitter = fields.optional("jitter", .duration) ?? .zero
            let distribution = fields.optional("distribution", ScalarDecoder<Latency.Distribution>.choice) ?? .uniform
            let correlation = fields.optional("correlation", .probability) ?? .never
            return delay.map {
                .latency(Latency(delay: $0, jitter: jitter, distribution: distribution, correlation: correlation))
            }
        case .bandwidth:
            return fields.required("rate", .rate).map { .bandwidth(Bandwidth(rate: $0)) }
        case .slowClose:
            return fields.required("delay", .duration).map { .slowClose(SlowClose(delay: $0)) }
        case .timeout:
            return .timeout(Timeout(after: fields.optional("after", .duration) ?? .zero))
        case .resetPeer:
            return .resetPeer(ResetPeer(after: fields.optional("after", .duration) ?? .zero))
        case .slicer:
            let averageSize = fields.required("average_size", .byteCount)
            let variation = fields.optional("size_variation", .byteCount) ?? ByteCount(bytes: 0)
            let delay = fields.optional("delay", .duration) ?? .zero
            return averageSize.map { .slicer(Slicer(averageSize: $0, sizeVariation: variation, delay: delay)) }
        case .limitData:
            return fields.required("bytes", .byteCount).map { .limitData(LimitData(bytes: $0)) }
        case .connectDelay:
            return fields.required("delay", .duration).map { .connectDelay(ConnectDelay(delay: $0)) }
        case .blackhole:
            return .blackhole
        case .reject:
            return .reject
        case .loss:
            return decodeLoss(&fields).map { .loss($0) }
        case .duplicate:
            let probability = fields.required("probability", .probability)
            let correlation = fields.optional("correlation", .probability) ?? .never
            return probability.map { .duplicate(Duplicate(probability: $0, correlation: correlation)) }
        case .reorder:
            let probability = fields.required("probability", .probability)
            let correlation = fields.optional("correlation", .probability) ?? .never
            let gap = fields.optional("gap", .integer(in: 1...1_000_000)) ?? 1
            let delay = fields.required("delay", .duration)
            guard let probability, let delay else { return nil }
            return .reorder(Reorder(probability: probability, correlation: correlation, gap: gap, delay: delay))
        case .corrupt:
            return fields.required("probability", .probability).map { .corrupt(Corrupt(probability: $0)) }
        case .noop:
            return .noop
        }
    }

    /// Bernoulli loss (`probability`, `correlation`) or Gilbert-Elliott (`p`, `r`, `h`, `k`), with
    /// tc-netem's defaults for the latter: r = 1 - p, h = 0 (all lost in the bad state), k = 1.
    private static func decodeLoss(_ fields: inout MappingReader) -> Loss? {
        let model = fields.optional("model", ScalarDecoder<Loss.Model>.choice) ?? .bernoulli
        let bernoulliKeys = ["probability", "correlation"], gilbertKeys = ["p", "r", "h", "k"]
        let (ownKeys, otherKeys) = model == .bernoulli ? (bernoulliKeys, gilbertKeys) : (gilbertKeys, bernoulliKeys)
        for key in otherKeys {
            fields.allow(key)
            if fields.contains(key) {
                fields.report("'\(key)' is not a parameter of the \(model.rawValue) loss model (its parameters: \(ownKeys.joined(separator: ", ")))", about: key)
            }
        }
        switch model {
        case .bernoulli:
            let probability = fields.required("probability", .probability)
            let correlation = fields.optional("correlation", .probability) ?? .never
            return probability.map { .bernoulli(probability: $0, correlation: correlation) }
        case .gilbertElliott:
            let p = fields.required("p", .probability)
            let r = fields.optional("r", .probability)
            let h = fields.optional("h", .probability) ?? .never
            let k = fields.optional("k", .probability) ?? .always
            guard let p else { return nil }
            let complement = (try? Probability(1 - p.value)) ?? .never
            return .gilbertElliott(p: p, r: r ?? complement, h: h, k: k)
        }
    }
}
