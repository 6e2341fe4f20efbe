import FaultlineCore
import FaultlineLab
import FaultlineProxy
import Foundation
import Testing
@testable import FaultlineHarness
#if canImport(Glibc)
import Glibc
#endif

/// A suite's schedule acting on a real netns lab: partition nemeses become routes between the
/// hosts of the nodes they cut and heal exactly those; lab steps change a host's link and shaping.
@Suite(.enabled(if: geteuid() == 0, "the netns lab needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN); CI runs these as root"))
struct LabNemesisTests {
    static func actuator(_ lab: Lab) throws -> SuiteActuator {
        let supervisor = NodeSupervisor(directory: try NodeProcessTests.directory(), lab: lab, log: { _ in })
        // Node "outside" runs on the machine itself: cuts involving it have no lab link.
        return SuiteActuator(control: ProxyRegistry(seed: 1, log: { _ in }), nodes: supervisor,
                             names: ["a", "b", "c", "outside"], links: [:], lab: lab,
                             hosts: ["a": "host-a", "b": "host-b", "c": "host-c"], seed: 5)
    }

    @Test func aPartitionNemesisCutsTheNodesHostsAndItsUndoHealsThem() async throws {
        let lab = Lab(LabSpec(name: "t-nemesis", subnet: try IPv4Subnet(parsing: "10.213.110.0/24"),
                              hostNames: ["host-a", "host-b", "host-c"]))
        try await lab.whileUp { lab in
            let actuator = try Self.actuator(lab)

            let actuation = try await actuator.perform(.nemesis(.partition(.isolate(.named(["b"])), mode: .reject)))
            #expect(actuation.description.contains("lab routes host-a -> host-b, host-b -> host-a, host-b -> host-c, host-c -> host-b"))
            let cut = try await lab.status().hosts.map { $0.cutTo.map(\.host).sorted() }
            #expect(cut == [["host-b"], ["host-a", "host-c"], ["host-b"]])
            #expect(try await lab.status().hosts.allSatisfy { $0.cutTo.allSatisfy { $0.mode == .reject } })

            let undo = try #require(actuation.undo)
            _ = try await actuator.perform(undo)
            #expect(try await lab.status().hosts.allSatisfy(\.cutTo.isEmpty))
        }
    }

    @Test func labStepsChangeAHostAndTheirUndoRestoresIt() async throws {
        let lab = Lab(LabSpec(name: "t-steps", subnet: try IPv4Subnet(parsing: "10.213.111.0/24"),
                              hostNames: ["host-a", "host-b", "host-c"]))
        try await lab.whileUp { lab in
            let actuator = try Self.actuator(lab)

            let down = try await actuator.perform(.lab(HostAction(host: "host-c", change: .link(up: false))))
            #expect(try await lab.status().hosts[2].linkUp == false)
            _ = try await actuator.perform(try #require(down.undo))
            #expect(try await lab.status().hosts[2].linkUp == true)

            let shaped = try await actuator.perform(.lab(HostAction(host: "host-a", change: .shape(.bandwidth(try ByteRate(parsing: "10Mbit/s"))))))
            #expect(try await lab.status().hosts[0].shaping == "tbf")
            _ = try await actuator.perform(try #require(shaped.undo))
            #expect(try await lab.status().hosts[0].shaping == nil)

            await #expect(throws: LabError.self, "a host the lab lacks") {
                try await actuator.perform(.lab(HostAction(host: "host-z", change: .link(up: false))))
            }
        }
    }
}
