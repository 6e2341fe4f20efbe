import CNetlink
#if canImport(Glibc)
import Glibc
#endif

/// Why the lab could not do something, in words that say what to do about it.
public struct LabError: Error, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }

    /// The lab changes the machine's network: it needs CAP_NET_ADMIN and CAP_SYS_ADMIN.
    public static let needsRoot = LabError(
        "the netns lab needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) to create namespaces, links and routes; run as root, e.g. with sudo")

    /// The kernel has no netem qdisc (sch_netem); nothing is shaped.
    public static func netemMissing(host: String) -> LabError {
        LabError("cannot shape host \(host) with netem: this kernel lacks netem (sch_netem; try `modprobe sch_netem`); "
                 + "nothing was changed. Use bandwidth shaping here, or the proxy faults (latency, loss, duplicate, reorder, "
                 + "corrupt) on a proxy in front of the host")
    }

    /// A system call failed; `code` is its errno.
    static func system(_ what: String, _ code: Int32) -> LabError {
        if code == EPERM { return needsRoot }
        return LabError("\(what): \(String(cString: strerror(code)))")
    }

    /// A libnl call failed; `code` is its (negative) NLE_ error.
    static func netlink(_ what: String, _ code: Int32) -> LabError {
        if -code == NLE_PERM { return needsRoot }
        return LabError("\(what): \(String(cString: nl_geterror(code)))")
    }
}
