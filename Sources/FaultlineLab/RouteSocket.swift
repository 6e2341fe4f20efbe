import CNetlink
import FaultlineCore
#if canImport(Glibc)
import Glibc
#endif

/// An rtnetlink socket through libnl: links, addresses, routes and qdiscs of the namespace whose
/// thread opened it. Not for sharing between threads; the lab opens one per piece of work.
final class RouteSocket {
    /// What the lab's routes are marked with (their `proto`), so that status finds them.
    static let routeProtocol: UInt8 = 250

    /// How a partition route treats what it catches: `blackhole` drops it silently, `prohibit`
    /// refuses it (the sender gets EACCES, or ICMP "administratively prohibited").
    enum RouteType: UInt8 {
        case blackhole = 6  // RTN_BLACKHOLE
        case prohibit = 8  // RTN_PROHIBIT
    }

    private let socket: OpaquePointer

    init() throws {
        guard let socket = nl_socket_alloc() else { throw LabError("cannot allocate a netlink socket") }
        let connected = nl_connect(socket, NETLINK_ROUTE)
        guard connected == 0 else {
            nl_socket_free(socket)
            throw LabError.netlink("cannot open a netlink socket", connected)
        }
        self.socket = socket
    }

    deinit { nl_socket_free(socket) }

    // MARK: Links

    /// The link called `name`, or nil when there is none.
    func link(_ name: String) -> OpaquePointer? {
        var link: OpaquePointer?
        guard rtnl_link_get_kernel(socket, 0, name, &link) == 0 else { return nil }
        return link
    }

    func index(ofLink name: String) throws -> Int32 {
        guard let link = link(name) else { throw LabError("no link named \(name)") }
        defer { rtnl_link_put(link) }
        return rtnl_link_get_ifindex(link)
    }

    func isUp(_ name: String) -> Bool? {
        guard let link = link(name) else { return nil }
        defer { rtnl_link_put(link) }
        return rtnl_link_get_flags(link) & UInt32(IFF_UP) != 0
    }

    /// Waits (up to two seconds) until a link that was set up carries traffic: the kernel turns
    /// a link's carrier on asynchronously, up to a second after it was set up, and drops what it
    /// is given meanwhile.
    func waitUntilRunning(_ name: String) throws {
        let deadline = ContinuousClock.now + .seconds(2)
        while ContinuousClock.now < deadline {
            guard let link = link(name) else { throw LabError("no link named \(name)") }
            let operationalState = rtnl_link_get_operstate(link)
            rtnl_link_put(link)
            if operationalState == 6 { return }  // IF_OPER_UP
            usleep(10_000)
        }
        throw LabError("link \(name) was set up but carries no traffic after 2 seconds")
    }

    func addBridge(_ name: String) throws {
        let bridge = rtnl_link_alloc()
        defer { rtnl_link_put(bridge) }
        rtnl_link_set_name(bridge, name)
        try check(rtnl_link_set_type(bridge, "bridge"), "cannot make bridge \(name)")
        try check(rtnl_link_add(socket, bridge, NLM_F_CREATE | NLM_F_EXCL), "cannot add bridge \(name)")
    }

    /// A veth pair: `name` here, its other end `peer` in `peerNamespace`.
    func addVethPair(_ name: String, peer: String, in peerNamespace: NetworkNamespace) throws {
        guard let veth = rtnl_link_veth_alloc() else { throw LabError("cannot allocate veth \(name)") }
        defer { rtnl_link_put(veth) }
        let descriptor = try peerNamespace.openDescriptor()
        defer { close(descriptor) }
        rtnl_link_set_name(veth, name)
        let other = rtnl_link_veth_get_peer(veth)
        rtnl_link_set_name(other, peer)
        rtnl_link_set_ns_fd(other, descriptor)
        rtnl_link_put(other)
        try check(rtnl_link_add(socket, veth, NLM_F_CREATE | NLM_F_EXCL), "cannot add veth pair \(name)/\(peer)")
    }

    /// Brings a link up or down, first making it a port of `master` when one is named.
    func setLink(_ name: String, up: Bool, master: String? = nil) throws {
        guard let link = link(name) else { throw LabError("no link named \(name)") }
        defer { rtnl_link_put(link) }
        let change = rtnl_link_alloc()
        defer { rtnl_link_put(change) }
        if up { rtnl_link_set_flags(change, UInt32(IFF_UP)) } else { rtnl_link_unset_flags(change, UInt32(IFF_UP)) }
        if let master { rtnl_link_set_master(change, try index(ofLink: master)) }
        try check(rtnl_link_change(socket, link, change, 0), "cannot set link \(name) \(up ? "up" : "down")")
    }

    /// Deletes a link (and, for a veth, its other end); nothing if there is none.
    func deleteLink(_ name: String) throws {
        guard let link = link(name) else { return }
        defer { rtnl_link_put(link) }
        try check(rtnl_link_delete(socket, link), "cannot delete link \(name)")
    }

    func addAddress(_ address: IPv4Address, prefixLength: Int, to name: String) throws {
        let entry = rtnl_addr_alloc()
        defer { rtnl_addr_put(entry) }
        rtnl_addr_set_ifindex(entry, try index(ofLink: name))
        let local = try Self.address("\(address)/\(prefixLength)")
        defer { nl_addr_put(local) }
        try check(rtnl_addr_set_local(entry, local), "cannot use address \(address)")
        try check(rtnl_addr_add(socket, entry, 0), "cannot add address \(address)/\(prefixLength) to \(name)")
    }

    // MARK: Routes

    func addRoute(to destination: IPv4Address, _ type: RouteType) throws {
        let route = try Self.route(to: destination, type)
        defer { rtnl_route_put(route) }
        try check(rtnl_route_add(socket, route, NLM_F_EXCL), "cannot add a \(type) route to \(destination)")
    }

    /// Deletes exactly the route `addRoute` made (same destination, type and mark).
    func deleteRoute(to destination: IPv4Address, _ type: RouteType) throws {
        let route = try Self.route(to: destination, type)
        defer { rtnl_route_put(route) }
        try check(rtnl_route_delete(socket, route, 0), "cannot delete the \(type) route to \(destination)")
    }

    /// The lab's routes in this namespace: destination and type.
    func labRoutes() throws -> [(destination: String, type: RouteType)] {
        var cache: OpaquePointer?
        try check(rtnl_route_alloc_cache(socket, AF_INET, 0, &cache), "cannot list routes")
        defer { nl_cache_free(cache) }
        var found: [(String, RouteType)] = []
        var object = nl_cache_get_first(cache)
        while let current = object {
            let route = current
            if rtnl_route_get_protocol(route) == Self.routeProtocol, let type = RouteType(rawValue: rtnl_route_get_type(route)) {
                var text = [CChar](repeating: 0, count: 64)
                nl_addr2str(rtnl_route_get_dst(route), &text, text.count)
                found.append((String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self), type))
            }
            object = nl_cache_get_next(current)
        }
        return found
    }

    private static func route(to destination: IPv4Address, _ type: RouteType) throws -> OpaquePointer {
        guard let route = rtnl_route_alloc() else { throw LabError("cannot allocate a route") }
        let address = try Self.address("\(destination)/32")
        defer { nl_addr_put(address) }
        rtnl_route_set_family(route, UInt8(AF_INET))
        rtnl_route_set_table(route, UInt32(RT_TABLE_MAIN.rawValue))
        rtnl_route_set_type(route, type.rawValue)
        rtnl_route_set_protocol(route, routeProtocol)
        _ = rtnl_route_set_dst(route, address)
        return route
    }

    // MARK: Queueing disciplines

    /// Makes `shaping` the root qdisc of link `name`, replacing what was there.
    func shape(_ name: String, with shaping: HostShaping, host: String) throws {
        let qdisc = try rootQdisc(of: name)
        defer { rtnl_qdisc_put(qdisc) }
        let tc = cnetlink_tc(qdisc)
        rtnl_tc_set_handle(tc, 0x1_0000)  // 1:
        switch shaping {
        case .bandwidth(let rate):
            guard rate.bytesPerSecond >= 1000, rate.bytesPerSecond < Double(Int32.max) else {
                throw LabError("a lab host's bandwidth must be between 1KB/s and 2GB/s, not \(rate)")
            }
            let bytesPerSecond = Int32(rate.bytesPerSecond)
            // A bucket of 20 ms at the rate (at least a few full frames) and a queue of 100 ms.
            let bucket = max(bytesPerSecond / 50, 4 * 1514)
            try check(rtnl_tc_set_kind(tc, "tbf"), "cannot make a tbf qdisc")
            rtnl_qdisc_tbf_set_rate(qdisc, bytesPerSecond, bucket, 0)
            try check(rtnl_qdisc_tbf_set_limit_by_latency(qdisc, 100_000), "cannot size the tbf queue")
        case .netem(let settings):
            try check(rtnl_tc_set_kind(tc, "netem"), "cannot make a netem qdisc")
            rtnl_netem_set_limit(qdisc, 10_000)
            rtnl_netem_set_delay(qdisc, Int32(clamping: settings.delay.nanoseconds / 1000))
            rtnl_netem_set_jitter(qdisc, Int32(clamping: settings.jitter.nanoseconds / 1000))
            // The kernel's probabilities are fractions of 2^32 - 1, passed through libnl's ints.
            func scaled(_ probability: Probability) -> Int32 {
                Int32(bitPattern: UInt32((probability.value * Double(UInt32.max)).rounded()))
            }
            rtnl_netem_set_loss(qdisc, scaled(settings.loss))
            rtnl_netem_set_duplicate(qdisc, scaled(settings.duplicate))
            rtnl_netem_set_reorder_probability(qdisc, scaled(settings.reorder))
            rtnl_netem_set_corruption_probability(qdisc, scaled(settings.corrupt))
        }
        let added = rtnl_qdisc_add(socket, qdisc, NLM_F_CREATE | NLM_F_REPLACE)
        if case .netem = shaping, -added == NLE_OBJ_NOTFOUND { throw LabError.netemMissing(host: host) }
        try check(added, "cannot shape host \(host) (\(shaping))")
    }

    /// Removes link `name`'s root qdisc, back to the kernel's default; nothing if it has none.
    func unshape(_ name: String) throws {
        let qdisc = try rootQdisc(of: name)
        defer { rtnl_qdisc_put(qdisc) }
        let deleted = rtnl_qdisc_delete(socket, qdisc)
        guard deleted == 0 || -deleted == NLE_OBJ_NOTFOUND || -deleted == NLE_INVAL else {
            throw LabError.netlink("cannot remove the shaping of \(name)", deleted)
        }
    }

    /// The kind of link `name`'s root qdisc ("tbf", "netem"), nil for the kernel's default.
    func shapingKind(of name: String) throws -> String? {
        let index = try index(ofLink: name)
        var cache: OpaquePointer?
        try check(rtnl_qdisc_alloc_cache(socket, &cache), "cannot list qdiscs")
        defer { nl_cache_free(cache) }
        guard let qdisc = rtnl_qdisc_get_by_parent(cache, index, cnetlink_tc_root) else { return nil }
        defer { rtnl_qdisc_put(qdisc) }
        guard let kind = rtnl_tc_get_kind(cnetlink_tc(qdisc)).map({ String(cString: $0) }), ["tbf", "netem"].contains(kind)
        else { return nil }
        return kind
    }

    private func rootQdisc(of name: String) throws -> OpaquePointer {
        guard let qdisc = rtnl_qdisc_alloc() else { throw LabError("cannot allocate a qdisc") }
        let tc = cnetlink_tc(qdisc)
        rtnl_tc_set_ifindex(tc, try index(ofLink: name))
        rtnl_tc_set_parent(tc, cnetlink_tc_root)
        return qdisc
    }

    // MARK: Helpers

    private static func address(_ text: String) throws -> OpaquePointer {
        var address: OpaquePointer?
        let parsed = nl_addr_parse(text, AF_INET, &address)
        guard parsed == 0, let address else { throw LabError.netlink("cannot read address \(text)", parsed) }
        return address
    }

    private func check(_ result: Int32, _ what: @autoclosure () -> String) throws {
        guard result >= 0 else { throw LabError.netlink(what(), result) }
    }
}
