import FaultlineCore

extension LabSpec {
    /// Decodes `lab:`: its `name`, `subnet` (10.213.0.0/24 unless given) and `hosts`, names
    /// that take the subnet's addresses in order after the controller's.
    static func decode(_ node: ConfigNode, at path: ConfigPath, log: DiagnosticLog) -> LabSpec? {
        guard var fields = MappingReader(node, at: path, describing: "a lab", log: log) else { return nil }
        let name = fields.required("name", labName(maximumLength: maximumNameLength, noun: "lab name"))
        let subnet = fields.optional("subnet", ScalarDecoder(expected: IPv4Subnet.expectedSyntax) { text, _ throws(ValueParseError) in
            try IPv4Subnet(parsing: text)
        }) ?? (try? IPv4Subnet(parsing: defaultSubnet))
        let hosts = fields.required("hosts", expected: "a list of host names") { node, path in
            log.list(node, at: path, of: "host names") { log.scalar($0, at: $1, labName(maximumLength: 32, noun: "host name")) }
        }
        if let hosts {
            if hosts.isEmpty { fields.report("a lab needs at least one host", about: "hosts") }
            for (index, host) in hosts.enumerated() where hosts[..<index].contains(host) {
                fields.report("host '\(host)' is named twice", about: "hosts")
            }
            if let subnet, hosts.count > subnet.usableCount - 1 {
                fields.report("subnet \(subnet) has addresses for \(subnet.usableCount - 1) hosts besides the controller, "
                              + "not \(hosts.count)", about: "subnet")
            }
        }
        fields.finish()
        // A bad name or subnet is reported above; the hosts still serve to check the nodes and
        // placeholders that use them, rather than burying the problem under follow-on errors.
        guard let hosts, let fallback = try? IPv4Subnet(parsing: defaultSubnet) else { return nil }
        let usable = subnet ?? fallback
        let unique = hosts.enumerated().filter { !hosts[..<$0.offset].contains($0.element) }.map(\.element)
        return LabSpec(name: name ?? "lab", subnet: usable, hostNames: Array(unique.prefix(usable.usableCount - 1)))
    }

    /// Reads the `lab:` section of a suite (or of a file with only a lab), for `faultline lab`.
    public init(text: String, file: String) throws(DiagnosticList) {
        let root = try ConfigDocument.parse(text, file: file)
        let log = DiagnosticLog()
        guard case .mapping(let entries) = root.content, let section = entries.first(where: { $0.key == "lab" }) else {
            log.report("no 'lab' section: a lab is a suite's `lab: {name, subnet, hosts}`", at: root.location, path: .root)
            throw DiagnosticList(log.diagnostics)
        }
        let lab = Self.decode(section.value, at: .root / "lab", log: log)
        try log.throwIfAny()
        guard let lab else { throw DiagnosticList(log.diagnostics) }
        self = lab
    }

    /// Lower-case letters, digits and dashes, as namespace and link names want them.
    private static func labName(maximumLength: Int, noun: String) -> ScalarDecoder<String> {
        let expected = "a \(noun) of lower-case letters, digits and '-' (at most \(maximumLength))"
        return ScalarDecoder(expected: expected) { text, _ throws(ValueParseError) in
            guard !text.isEmpty, text.count <= maximumLength, text.allSatisfy(nameCharacters.contains) else {
                throw ValueParseError(expected: expected, found: text)
            }
            return text
        }
    }
}
