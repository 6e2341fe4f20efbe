import Foundation
import FaultlineCore
import FaultlineProxy

/// The proxies' counters in Prometheus' text format (version 0.0.4). Byte counters carry
/// Toxiproxy's names, so its dashboards keep working; the rest are Faultline's own.
enum PrometheusExposition {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    static func text(for proxies: [ProxyRegistry.Status]) -> String {
        var families: [Family] = [
            Family("toxiproxy_proxy_received_bytes_total", "counter", "Bytes read from each direction's sender."),
            Family("toxiproxy_proxy_sent_bytes_total", "counter", "Bytes written on to each direction's receiver, after the faults."),
            Family("faultline_connections_accepted_total", "counter", "Connections (UDP: sessions) accepted."),
            Family("faultline_connections_open", "gauge", "Connections (UDP: sessions) open now."),
            Family("faultline_connections_refused_total", "counter", "Connections (UDP: sessions) refused by reject, a partition or a limit."),
            Family("faultline_upstream_failures_total", "counter", "Upstream dials that failed."),
            Family("faultline_faults_applied_total", "counter", "Connection flows (UDP: session flows) each fault type applied to."),
            Family("faultline_datagrams_total", "counter", "UDP datagrams received from each direction's sender, and sent on."),
            Family("faultline_datagrams_dropped_total", "counter", "UDP datagrams dropped, by reason."),
            Family("faultline_datagrams_altered_total", "counter", "UDP datagrams duplicated, reordered or corrupted."),
        ]
        for proxy in proxies {
            let name = proxy.spec.name
            let counters = proxy.counters
            for flow in Flow.allCases {
                let labels = [("proxy", name), ("direction", flow.rawValue)]
                families[0].add(labels, counters.bytes[flow, default: 0])
                families[1].add(labels, counters.sentBytes[flow, default: 0])
                if let datagrams = counters.datagrams[flow] {
                    families[7].add(labels + [("event", "received")], datagrams.received)
                    families[7].add(labels + [("event", "sent")], datagrams.sent)
                    for (reason, count) in datagrams.dropped.sorted(by: { $0.key < $1.key }) {
                        families[8].add(labels + [("reason", reason)], count)
                    }
                    for (change, count) in [("duplicated", datagrams.duplicated), ("reordered", datagrams.reordered),
                                            ("corrupted", datagrams.corrupted)] {
                        families[9].add(labels + [("change", change)], count)
                    }
                }
            }
            families[2].add([("proxy", name)], counters.acceptedConnections)
            families[3].add([("proxy", name)], counters.openConnections)
            families[4].add([("proxy", name)], counters.refusedConnections)
            families[5].add([("proxy", name)], counters.upstreamFailures)
            for (type, count) in counters.faultsApplied.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                families[6].add([("proxy", name), ("type", type.rawValue)], count)
            }
        }
        return families.map(\.text).joined()
    }

    /// One metric and its samples.
    struct Family {
        let name: String
        let type: String
        let help: String
        var samples: [String] = []

        init(_ name: String, _ type: String, _ help: String) {
            self.name = name
            self.type = type
            self.help = help
        }

        mutating func add(_ labels: [(String, String)], _ value: Int) {
            let rendered = labels.map { "\($0.0)=\"\(Self.escaped($0.1))\"" }.joined(separator: ",")
            samples.append("\(name){\(rendered)} \(value)\n")
        }

        var text: String {
            "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n" + samples.joined()
        }

        private static func escaped(_ value: String) -> String {
            value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
        }
    }
}
