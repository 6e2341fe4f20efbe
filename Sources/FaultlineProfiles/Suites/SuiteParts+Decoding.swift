import FaultlineCore

extension NodeSpec {
    /// Decodes one entry of `nodes:`; its `host`, if any, must be one of `labHosts`.
    static func decode(_ node: ConfigNode, at path: ConfigPath, labHosts: [String], log: DiagnosticLog) -> NodeSpec? {
        guard var fields = MappingReader(node, at: path, describing: "a node", log: log) else { return nil }
        let name = fields.required("name", .name)
        let host = fields.optional("host", .member(of: labHosts, noun: "lab host (the suite's `lab: {hosts: [...]}`)"))
        let command = fields.required("command", .string)
        let arguments = fields.optional("args") { node, path in
            log.list(node, at: path, of: "arguments") { log.scalar($0, at: $1, .string) }
        } ?? []
        let environment = fields.optional("env") { node, path in decodeEnvironment(node, at: path, log: log) } ?? [:]
        // Further ports the node listens on, e.g. [peer]: checked here, used through placeholders.
        _ = fields.optional("ports") { node, path in log.list(node, at: path, of: "port names") { log.scalar($0, at: $1, .name) } }
        let readiness = fields.optional("ready") { node, path in Self.decodeReadiness(node, at: path, log: log) } ?? .immediately
        let startTimeout = fields.optional("start_timeout", .duration) ?? .seconds(30)
        let stopSignal = fields.optional("stop_signal", ScalarDecoder<StopSignal>.choice) ?? .term
        let stopGrace = fields.optional("stop_grace", .duration) ?? .seconds(10)
        fields.finish()
        guard let name, let command else { return nil }
        return NodeSpec(name: name, command: command, arguments: arguments, environment: environment, host: host,
                        readiness: readiness, startTimeout: startTimeout, stopSignal: stopSignal, stopGrace: stopGrace)
    }

    /// `env:`, a mapping of variable names to values.
    static func decodeEnvironment(_ node: ConfigNode, at path: ConfigPath, log: DiagnosticLog) -> [String: String]? {
        guard var variables = MappingReader(node, at: path, describing: "environment variables", log: log),
              case .mapping(let entries) = node.content else { return nil }
        let pairs = entries.compactMap { entry in variables.optional(entry.key, .string).map { (entry.key, $0) } }
        variables.finish()
        return Dictionary(pairs, uniquingKeysWith: { _, last in last })
    }

    /// `immediately`, `{tcp: HOST:PORT}`, `{http: HOST:PORT/PATH, status: 200}` or `{command: [...]}`.
    private static func decodeReadiness(_ node: ConfigNode, at path: ConfigPath, log: DiagnosticLog) -> Readiness? {
        if case .scalar("immediately", _) = node.content { return .immediately }
        guard var fields = MappingReader(node, at: path, describing: "a readiness check ('immediately', or one of tcp, http, command)",
                                         log: log) else { return nil }
        let kinds = ["tcp", "http", "command"].filter { fields.contains($0) }
        guard kinds.count == 1, let kind = kinds.first else {
            fields.allow("tcp", "http", "command", "status")
            log.report("a readiness check has exactly one of tcp, http or command", at: node.location, path: path)
            return nil
        }
        let readiness: Readiness?
        switch kind {
        case "tcp":
            readiness = fields.required("tcp", .endpoint).map { .tcpPort($0) }
        case "http":
            let target = fields.required("http", expected: "HOST:PORT/PATH") { node, path -> (Endpoint, String)? in
                guard let text = log.scalar(node, at: path, .string) else { return nil }
                let slash = text.firstIndex(of: "/") ?? text.endIndex
                do {
                    return (try Endpoint(parsing: String(text[..<slash])), slash == text.endIndex ? "/" : String(text[slash...]))
                } catch {
                    log.report("\(error)", at: node.location, path: path)
                    return nil
                }
            }
            let status = fields.optional("status", .integer(in: 100...599)) ?? 200
            readiness = target.map { Readiness.http(endpoint: $0.0, path: $0.1, status: status) }
        default:
            readiness = fields.required("command", expected: "a command and its arguments, as a list") { node, path in
                log.list(node, at: path, of: "words") { log.scalar($0, at: $1, .string) }
            }.map { .command($0) }
        }
        fields.finish()
        return readiness
    }
}

extension WorkloadSpec {
    /// Keys only the clients the harness runs itself take.
    static let clientKeys = ["writes", "reads", "read", "clients", "keys", "operations", "pause", "rate", "timeout", "mix"]

    /// Decodes `workload:`; `targets` are the nodes and proxies clients may talk to.
    static func decode(_ node: ConfigNode, at path: ConfigPath, targets: [String], log: DiagnosticLog) -> WorkloadSpec? {
        guard var fields = MappingReader(node, at: path, describing: "a workload", log: log) else { return nil }
        let driverName = fields.optional("driver", .member(of: Driver.names, noun: "driver")) ?? "redis"
        let models = Driver.models[driverName] ?? CheckerSpec.models
        let model = fields.required("model", .member(of: models, noun: "model for the \(driverName) driver"))
        let duration = fields.required("duration", .duration)
        var workload = WorkloadSpec(model: model ?? "", driver: .external(command: [], environment: [:]), duration: duration ?? .zero)
        let driver: Driver?
        if driverName == "external" {
            for key in clientKeys where fields.contains(key) {
                fields.report("'\(key)' is for the harness's own clients; an external workload runs its own", about: key)
                fields.allow(key)
            }
            let command = fields.required("command", expected: "a command and its arguments, as a list") { node, path in
                log.list(node, at: path, of: "words") { log.scalar($0, at: $1, .string) }
            }
            let environment = fields.optional("env") { node, path in NodeSpec.decodeEnvironment(node, at: path, log: log) } ?? [:]
            if command?.isEmpty == true { fields.report("the command is empty", about: "command") }
            driver = command.map { .external(command: $0, environment: environment) }
        } else {
            let names = { (node: ConfigNode, path: ConfigPath) -> [String]? in
                let target = ScalarDecoder<String>.member(of: targets, noun: "node or proxy")
                if case .scalar = node.content { return log.scalar(node, at: path, target).map { [$0] } }
                return log.list(node, at: path, of: "nodes or proxies") { log.scalar($0, at: $1, target) }
            }
            let writes = fields.required("writes", expected: "a node or proxy, or a list of them", names)
            let reads = fields.optional("reads", names) ?? writes
            let serializable = fields.optional("read", .member(of: ["linearizable", "serializable"], noun: "kind of read"))
            if serializable != nil, driverName != "etcd" {
                fields.report("'read' chooses etcd's kind of read; the \(driverName) driver has one kind", about: "read")
            }
            decodeClients(&fields, into: &workload)
            let chosen = writes.flatMap { writes in reads.map { Targets(writes: writes, reads: $0) } }
            driver = chosen.map { driverName == "etcd" ? .etcd($0, serializableReads: serializable == "serializable") : .redis($0) }
        }
        fields.finish()
        guard model != nil, duration != nil, let driver else { return nil }
        workload.driver = driver
        return workload
    }

    /// The settings of the clients the harness runs itself.
    private static func decodeClients(_ fields: inout MappingReader, into workload: inout WorkloadSpec) {
        let log = fields.log
        workload.clients = fields.optional("clients", .integer(in: 1...1_000)) ?? workload.clients
        workload.keys = fields.optional("keys", .integer(in: 1...1_000_000)) ?? workload.keys
        workload.operationsPerClient = fields.optional("operations", .integer(in: 1...100_000_000))
        workload.pause = fields.optional("pause", .duration) ?? workload.pause
        let perSecond = "operations per second, e.g. 200 or 200/s"
        workload.rate = fields.optional("rate", ScalarDecoder<Double>(expected: perSecond) { text, _ throws(ValueParseError) in
            let number = text.hasSuffix("/s") ? String(text.dropLast(2)) : text
            guard let rate = Double(number), rate > 0, rate.isFinite else { throw ValueParseError(expected: perSecond, found: text) }
            return rate
        })
        if workload.rate != nil, fields.contains("pause") {
            fields.report("use either 'rate' (for all clients) or 'pause' (between each client's operations), not both", about: "pause")
        }
        workload.timeout = fields.optional("timeout", .duration) ?? workload.timeout
        workload.mix = fields.optional("mix") { node, path -> [String: Double]? in
            guard var weights = MappingReader(node, at: path, describing: "an operation mix", log: log) else { return nil }
            let weight = ScalarDecoder<Double>(expected: "a weight (a number, 0 or more)") { text, _ throws(ValueParseError) in
                guard let value = Double(text), value >= 0 else { throw ValueParseError(expected: "a weight (a number, 0 or more)", found: text) }
                return value
            }
            let operations = (defaultMix[workload.model] ?? []).map(\.operation)
            let pairs = operations.compactMap { name in weights.optional(name, weight).map { (name, $0) } }
            weights.finish()
            return Dictionary(uniqueKeysWithValues: pairs)
        } ?? [:]
    }
}

extension AgentSpec {
    /// Decodes `agents:`: each name maps to `http://HOST:PORT`, or to `{url: ..., token_file: ...}`.
    static func decodeAll(_ node: ConfigNode, at path: ConfigPath, log: DiagnosticLog) -> [String: AgentSpec]? {
        guard var names = MappingReader(node, at: path, describing: "agents (names mapped to URLs)", log: log),
              case .mapping(let entries) = node.content else { return nil }
        var agents: [String: AgentSpec] = [:]
        for entry in entries {
            let agentPath = path / entry.key
            names.allow(entry.key)
            if case .scalar = entry.value.content {
                if let url = log.scalar(entry.value, at: agentPath, url) { agents[entry.key] = AgentSpec(url: url) }
                continue
            }
            guard var fields = MappingReader(entry.value, at: agentPath, describing: "an agent", log: log) else { continue }
            let address = fields.required("url", url)
            let tokenFile = fields.optional("token_file", .string)
            fields.finish()
            if let address { agents[entry.key] = AgentSpec(url: address, tokenFile: tokenFile) }
        }
        names.finish()
        return agents
    }

    /// `http://HOST:PORT`, with an optional trailing slash.
    static var url: ScalarDecoder<String> {
        ScalarDecoder(expected: "an agent's URL, http://HOST:PORT") { text, _ throws(ValueParseError) in
            var rest = Substring(text)
            guard rest.hasPrefix("http://") else { throw ValueParseError(expected: "an agent's URL, http://HOST:PORT", found: text) }
            rest = rest.dropFirst("http://".count)
            if rest.hasSuffix("/") { rest = rest.dropLast() }
            do {
                _ = try Endpoint(parsing: String(rest))
            } catch {
                throw ValueParseError(expected: "an agent's URL, http://HOST:PORT", found: text)
            }
            return text
        }
    }
}

extension CheckerSpec {
    /// Decodes `checker:`; the model defaults to the workload's.
    static func decode(_ node: ConfigNode, at path: ConfigPath, defaultModel: String?, log: DiagnosticLog) -> CheckerSpec? {
        guard var fields = MappingReader(node, at: path, describing: "a checker", log: log) else { return nil }
        let model = fields.optional("model", .member(of: CheckerSpec.models, noun: "model")) ?? defaultModel
        let initial = fields.optional("initial", .string)
        let timeLimit = fields.optional("time_limit", .duration) ?? defaultTimeLimit
        fields.finish()
        return model.map { CheckerSpec(model: $0, initial: initial, timeLimit: timeLimit) }
    }
}
