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

extension ProxyRegistry.Status {
    var nativeJSON: JSON {
        var members: [(String, JSON)] = [
            ("name", .string(spec.name)), ("protocol", .string(spec.transport.rawValue)),
            ("listen", .string((listening ?? spec.listen).description)), ("upstream", .string(spec.upstream.description)),
            ("enabled", .bool(listening != nil)),
        ]
        switch spec.transport {
        case .tcp:
            members += [("connect_timeout", .string(spec.connectTimeout.profileText)),
                        ("max_connections", .integer(Int64(spec.maximumConnections)))]
        case .udp:
            members += [("session_timeout", .string(spec.sessionTimeout.profileText)),
                        ("max_sessions", .integer(Int64(spec.maximumSessions)))]
        }
        let partitionJSON: JSON = partition.map {
            .object([("mode", .string($0.mode.rawValue)), ("direction", .string($0.direction.rawValue))])
        } ?? .null
        return .object(members + [
            ("faults", .array(spec.faults.map(\.nativeJSON))), ("partition", partitionJSON), ("counters", counters.nativeJSON),
        ])
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
