import FaultlineCore

/// What schedules, the CLI and the control API do to proxies. The registry implements it
/// in-process; a client of the control API implements it for proxies on another machine, so a
/// schedule drives local and remote proxies through one code path.
public protocol ProxyControl: Sendable {
    func partition(_ partition: Partition) async throws
    func heal(_ proxies: ProxySelection) async throws
    func setEnabled(_ proxies: ProxySelection, _ enabled: Bool) async throws
    func addFault(_ fault: FaultSpec, to proxy: String) async throws
    func removeFault(named name: String, from proxy: String) async throws
    func setFaults(_ faults: [FaultSpec], of proxy: String) async throws
    func faults(of proxy: String) async throws -> [FaultSpec]
}
