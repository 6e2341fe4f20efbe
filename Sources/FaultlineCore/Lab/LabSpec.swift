/// A netns lab: hosts that are network namespaces on one machine, each with its own address on a
/// shared bridge, so that a cluster's nodes talk to each other over links the kernel can cut,
/// slow and shape. The machine itself is the lab's controller: it reaches every host (clients and
/// readiness checks run there), and partitions between hosts never cut it off.
public struct LabSpec: Hashable, Sendable {
    /// One host of the lab.
    public struct Host: Hashable, Sendable {
        public var name: String
        public var address: IPv4Address

        public init(name: String, address: IPv4Address) {
            self.name = name
            self.address = address
        }
    }

    /// Names the lab's namespaces and links; short, since Linux link names have 15 characters.
    public var name: String
    public var subnet: IPv4Subnet
    public var hosts: [Host]

    /// Lab and host names: lower-case letters, digits and dashes.
    public static let nameCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
    /// The longest lab name: the controller's link is "fl-NAME".
    public static let maximumNameLength = 12
    public static let defaultSubnet = "10.213.0.0/24"

    public init(name: String, subnet: IPv4Subnet, hosts: [Host]) {
        self.name = name
        self.subnet = subnet
        self.hosts = hosts
    }

    /// Hosts numbered in order from the subnet's second address; the first is the controller's.
    public init(name: String, subnet: IPv4Subnet, hostNames: [String]) {
        self.init(name: name, subnet: subnet,
                  hosts: hostNames.enumerated().map { Host(name: $1, address: subnet.address($0 + 1)) })
    }

    /// The machine's own address in the lab.
    public var controllerAddress: IPv4Address { subnet.address(0) }

    public func host(named name: String) -> Host? { hosts.first { $0.name == name } }
}
