import FaultlineCore

/// A profile file: proxies with their faults, and a schedule that changes them over time.
public struct Profile: Sendable {
    /// The run's seed; nil lets the runner choose (and report) one.
    public var seed: UInt64?
    public var proxies: [ProxySpec]
    public var schedule: [ScheduleStep]

    public init(seed: UInt64? = nil, proxies: [ProxySpec], schedule: [ScheduleStep] = []) {
        self.seed = seed
        self.proxies = proxies
        self.schedule = schedule
    }
}

extension Profile {
    /// Parses and validates a profile document (YAML or JSON), throwing every problem found,
    /// each located by `file:line:column` and key path.
    public init(text: String, file: String) throws(DiagnosticList) {
        let root = try ConfigDocument.parse(text, file: file)
        let log = DiagnosticLog()
        guard var fields = MappingReader(root, at: .root, describing: "a profile", log: log) else {
            throw DiagnosticList(log.diagnostics)
        }
        let profile = Self.decode(&fields)
        fields.finish()
        try log.throwIfAny()
        self = profile
    }

    /// Decodes the profile keys of a document; a suite decoder calls this with its topology (for
    /// the nemeses and lab steps in its schedule) and then reads its own keys.
    public static func decode(_ fields: inout MappingReader, topology: SuiteTopology? = nil) -> Profile {
        let log = fields.log
        let seed = fields.optional("seed", .seed)
        let proxies = fields.required("proxies", expected: "a list of proxies") { node, path in
            ProxySpec.decodeList(node, at: path, log: log)
        } ?? []
        let schedule = fields.optional("schedule") { node, path in
            ScheduleStep.decodeList(node, at: path, proxies: proxies, topology: topology, log: log)
        } ?? []
        return Profile(seed: seed, proxies: proxies, schedule: schedule)
    }
}
