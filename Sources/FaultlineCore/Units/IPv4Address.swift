/// An IPv4 address, as the netns lab hands them out to its hosts.
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The address as a number, most significant octet first.
    public var value: UInt32

    public init(_ value: UInt32) {
        self.value = value
    }

    /// Parses dotted-quad text ("10.213.0.2"); nil for anything else.
    public init?(_ text: some StringProtocol) {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var value: UInt32 = 0
        for octet in octets {
            guard octet.count <= 3, octet.allSatisfy(\.isASCII), let number = UInt8(octet) else { return nil }
            value = value << 8 | UInt32(number)
        }
        self.value = value
    }

    public var description: String {
        [24, 16, 8, 0].map { String(value >> $0 & 0xff) }.joined(separator: ".")
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}

/// An IPv4 network such as 10.213.0.0/24: a lab's own address range.
public struct IPv4Subnet: Hashable, Sendable, CustomStringConvertible {
    public var network: IPv4Address
    public var prefixLength: Int

    public static let expectedSyntax = "an IPv4 network such as 10.213.0.0/24 (prefix length 8 to 30)"

    /// Parses "A.B.C.D/N" with N in 8...30; the address must be the network's first.
    public init(parsing text: String) throws(ValueParseError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(parts[0]), let length = Int(parts[1]), (8...30).contains(length) else {
            throw ValueParseError(expected: Self.expectedSyntax, found: text)
        }
        let subnet = IPv4Subnet(network: address, prefixLength: length)
        guard subnet.network == address else {
            throw ValueParseError(expected: Self.expectedSyntax, found: text, hint: "did you mean \(subnet)?")
        }
        self = subnet
    }

    /// The subnet of `prefixLength` bits that contains `network`.
    public init(network: IPv4Address, prefixLength: Int) {
        self.prefixLength = prefixLength
        self.network = IPv4Address(network.value & Self.mask(prefixLength))
    }

    private static func mask(_ length: Int) -> UInt32 { length == 0 ? 0 : UInt32.max << (32 - length) }

    /// How many addresses hosts can have: all but the network and broadcast addresses.
    public var usableCount: Int { (1 << (32 - prefixLength)) - 2 }

    /// The `index`th usable address (0 is the first after the network address).
    public func address(_ index: Int) -> IPv4Address { IPv4Address(network.value + UInt32(index) + 1) }

    public func contains(_ address: IPv4Address) -> Bool { address.value & Self.mask(prefixLength) == network.value }

    public var description: String { "\(network)/\(prefixLength)" }
}
