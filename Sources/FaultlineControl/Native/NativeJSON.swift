import FaultlineCore
import FaultlineProfiles
import FaultlineProxy

/// Faultline's own JSON shapes for /v1: the profile language's keys and values ("50ms", "5%"),
/// so what the API shows can be pasted into a profile and back.
extension FaultSpec {
    var nativeJSON: JSON {
        var members: [(String, JSON)] = [("type", .string(kind.type.rawValue)), ("name", .string(name))]
        if !kind.type.actsOnConnections { members.append(("direction", .string(direction.rawValue))) }
        members.append(("toxicity", .string(toxicity.description)))
        return .object(members + parameters.map { ($0.key, .string($0.value)) })
    }
}

extension ProxySpec {
    /// The proxy's configuration, as `POST /v1/proxies` takes it; `listen` is the address given.
    var nativeJSON: JSON { .object(configurationMembers(listen: listen)) }

    func configurationMembers(listen: Endpoint) -> [(String, JSON)] {
        var members: [(String, JSON)] = [
            ("name", .string(name)), ("protocol", .string(transport.rawValue)),
            ("listen", .string(listen.description)), ("upstream", .string(upstream.description)),
        ]
        switch transport {
        case .tcp:
            members += [("connect_timeout", .string(connectTimeout.profileText)),
                        ("max_connections", .integer(Int64(maximumConnections)))]
        case .udp:
            members += [("session_timeout", .string(sessionTimeout.profileText)),
                        ("max_sessions", .integer(Int64(maximumSessions)))]
        }
        return members + [("faults", .array(faults.map(\.nativeJSON)))]
    }
}

extension ProxyRegistry.Status {
    /// The proxy's configuration (with the address it listens on) and its state.
    var nativeJSON: JSON {
        let partitionJSON: JSON = partition.map {
            .object([("mode", .string($0.mode.rawValue)), ("direction", .string($0.direction.rawValue))])
        } ?? .null
        return .object(spec.configurationMembers(listen: listening ?? spec.listen)
            + [("enabled", .bool(listening != nil)), ("partition", partitionJSON), ("counters", counters.nativeJSON)])
    }
}

extension ProxyCounters.Snapshot {
    var nativeJSON: JSON {
        func perFlow(_ values: [Flow: Int]) -> JSON {
            .object(Flow.allCases.map { ($0.rawValue, .integer(Int64(values[$0, default: 0]))) })
        }
        var members: [(String, JSON)] = [
            ("bytes_received", perFlow(bytes)), ("bytes_sent", perFlow(sentBytes)),
            ("connections", .object([("accepted", .integer(Int64(acceptedConnections))), ("open", .integer(Int64(openConnections))),
                                     ("refused", .integer(Int64(refusedConnections)))])),
            ("upstream_failures", .integer(Int64(upstreamFailures))),
            ("faults_applied", .object(faultsApplied.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key.rawValue, .integer(Int64($0.value))) })),
        ]
        if !datagrams.isEmpty {
            members.append(("datagrams", .object(Flow.allCases.compactMap { flow in
                datagrams[flow].map { counts in
                    (flow.rawValue, .object([
                        ("received", .integer(Int64(counts.received))), ("sent", .integer(Int64(counts.sent))),
                        ("dropped", .object(counts.dropped.sorted { $0.key < $1.key }.map { ($0.key, .integer(Int64($0.value))) })),
                        ("duplicated", .integer(Int64(counts.duplicated))), ("reordered", .integer(Int64(counts.reordered))),
                        ("corrupted", .integer(Int64(counts.corrupted))),
                    ]))
                }
            })))
        }
        return .object(members)
    }
}
