import BlockingSockets
import CNetlink
import FaultlineCore
@testable import FaultlineLab
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The lab on this machine's kernel: namespaces, the bridge, routes and qdiscs for real.
/// Each test has a lab (name and subnet) of its own, so that they can run side by side.
@Suite(.enabled(if: geteuid() == 0, "the netns lab needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN); CI runs these as root"))
struct LabTests {
    /// Lab `name` with hosts a, b and c in 10.213.`octet`.0/24.
    static func lab(_ name: String, octet: UInt32) -> Lab {
        Lab(LabSpec(name: name, subnet: IPv4Subnet(network: IPv4Address(0x0AD5_0000 | octet << 8), prefixLength: 24),
                    hostNames: ["a", "b", "c"]))
    }

    /// Every ordered pair of hosts, and whether a TCP connection opens from the first to the second.
    static func connectivity(_ lab: Lab) async throws -> [String: Bool] {
        let listeners = try lab.spec.hosts.map { try LabProbes.Listener($0.address, in: lab.namespace(of: $0.name)) }
        defer { listeners.forEach { $0.stop() } }
        // All pairs at once: a cut pair takes the probe's whole timeout.
        return try await withThrowingTaskGroup(of: (String, Bool).self) { group in
            for from in lab.spec.hosts {
                for to in lab.spec.hosts where to != from {
                    group.addTask {
                        ("\(from.name)->\(to.name)", try await LabProbes.connects(from: lab.namespace(of: from.name), to: to.address))
                    }
                }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
    }

    static let allConnected = ["a->b": true, "a->c": true, "b->a": true, "b->c": true, "c->a": true, "c->b": true]

    @Test func hostsReachEachOtherAndTheControllerReachesThem() async throws {
        try await Self.lab("t-conn", octet: 101).whileUp { lab in
            #expect(try await Self.connectivity(lab) == Self.allConnected)
            // The machine itself (the controller) reaches a host's server.
            let host = lab.spec.hosts[1]
            let listener = try LabProbes.Listener(host.address, in: lab.namespace(of: host.name))
            defer { listener.stop() }
            #expect(try await LabProbes.connects(from: nil, to: host.address))
            let status = try await lab.status()
            #expect(status.isUp)
            #expect(status.hosts.map(\.address.description) == ["10.213.101.2", "10.213.101.3", "10.213.101.4"])
        }
    }

    @Test func aPartitionCutsExactlyItsPairsAndHealRestoresThem() async throws {
        try await Self.lab("t-part", octet: 102).whileUp { lab in
            try await lab.cut(Grudge(components: [["a"], ["b", "c"]]), mode: .drop)
            var expected = Self.allConnected
            for pair in ["a->b", "a->c", "b->a", "c->a"] { expected[pair] = false }
            #expect(try await Self.connectivity(lab) == expected)
            let status = try await lab.status()
            #expect(status.hosts[0].cutTo.map(\.host).sorted() == ["b", "c"])
            #expect(status.hosts[1].cutTo.map(\.host) == ["a"])
            #expect(status.hosts[0].cutTo.allSatisfy { $0.mode == .drop })

            try await lab.heal(Grudge(components: [["a"], ["b", "c"]]))
            #expect(try await Self.connectivity(lab) == Self.allConnected)
            #expect(try await lab.status().hosts.allSatisfy(\.cutTo.isEmpty))
        }
    }

    @Test func rejectRoutesRefuseAndOverlappingPartitionsHealOneAtATime() async throws {
        try await Self.lab("t-rej", octet: 103).whileUp { lab in
            let isolateB = Grudge(components: [["b"], ["a", "c"]])
            try await lab.cut(isolateB, mode: .reject)
            try await lab.cut(Grudge(cuts: [Grudge.Cut(from: "a", to: "b")]), mode: .reject)
            #expect(try await lab.status().hosts[0].cutTo.map(\.mode) == [.reject])
            try await lab.heal(isolateB)
            // a -> b is still wanted by the second partition; the rest healed. TCP needs both ways,
            // so b cannot connect to a either: a's answers to b are refused.
            var expected = Self.allConnected
            expected["a->b"] = false
            expected["b->a"] = false
            #expect(try await Self.connectivity(lab) == expected)
            try await lab.heal(Grudge(cuts: [Grudge.Cut(from: "a", to: "b")]))
            #expect(try await Self.connectivity(lab) == Self.allConnected)
        }
    }

    @Test func aOneWayPartitionCutsOneDirectionOnly() async throws {
        try await Self.lab("t-oneway", octet: 104).whileUp { lab in
            let a = (lab.namespace(of: "a"), lab.spec.hosts[0].address)
            let b = (lab.namespace(of: "b"), lab.spec.hosts[1].address)
            #expect(try await LabProbes.datagramArrives(from: a, to: b))
            #expect(try await LabProbes.datagramArrives(from: b, to: a))
            try await lab.cut(Grudge(cuts: [Grudge.Cut(from: "a", to: "b")]), mode: .drop)
            #expect(try await !LabProbes.datagramArrives(from: a, to: b))
            #expect(try await LabProbes.datagramArrives(from: b, to: a))
            try await lab.heal(Grudge(cuts: [Grudge.Cut(from: "a", to: "b")]))
            #expect(try await LabProbes.datagramArrives(from: a, to: b))
        }
    }

    @Test func linkDownCutsAHostOffAndUpBringsItBack() async throws {
        try await Self.lab("t-link", octet: 105).whileUp { lab in
            try await lab.apply(HostAction(host: "c", change: .link(up: false)))
            #expect(try await lab.status().hosts[2].linkUp == false)
            var expected = Self.allConnected
            for pair in ["a->c", "b->c", "c->a", "c->b"] { expected[pair] = false }
            #expect(try await Self.connectivity(lab) == expected)
            try await lab.apply(HostAction(host: "c", change: .link(up: true)))
            #expect(try await Self.connectivity(lab) == Self.allConnected)
        }
    }

    @Test func bandwidthShapingHoldsTheRateWithinTenPercent() async throws {
        try await Self.lab("t-bw", octet: 106).whileUp { lab in
            // A rate a sender keeps up with even on a loaded machine: the measure is of the shaping.
            let rate = 250_000.0
            try await lab.apply(HostAction(host: "a", change: .shape(.bandwidth(ByteRate(bytesPerSecond: rate)))))
            #expect(try await lab.status().hosts[0].shaping == "tbf")
            let receiver = try LabProbes.Listener(lab.spec.hosts[1].address, in: lab.namespace(of: "b"), count: true)
            defer { receiver.stop() }
            try await LabProbes.blast(from: lab.namespace(of: "a"), to: lab.spec.hosts[1].address, for: .seconds(3))
            let reads = receiver.received.withLock { $0 }
            // From the first read a second in (past the bucket's burst and TCP's start) to the last.
            guard let first = reads.first?.0, let last = reads.last?.0 else {
                Issue.record("nothing arrived")
                return
            }
            let measured = reads.filter { $0.0 > first + .seconds(1) }
            let bytes = measured.dropFirst().reduce(0) { $0 + $1.1 }
            let seconds = ((measured.last?.0 ?? last) - (measured.first?.0 ?? first)).seconds
            let ratio = Double(bytes) / seconds / rate
            print("lab bandwidth: \(Int(Double(bytes) / seconds)) B/s received at a rate of \(Int(rate)) B/s, ratio \(ratio)")
            #expect(abs(ratio - 1) < 0.10, "received \(Double(bytes) / seconds) B/s, shaped to \(rate)")

            try await lab.apply(HostAction(host: "a", change: .shape(nil)))
            #expect(try await lab.status().hosts[0].shaping == nil)
        }
    }

    @Test func netemEitherShapesOrSaysTheKernelLacksIt() async throws {
        try await Self.lab("t-netem", octet: 107).whileUp { lab in
            do {
                try await lab.apply(HostAction(host: "a", change: .shape(.netem(NetemSettings(delay: .milliseconds(100))))))
            } catch let error as LabError {
                #expect(error == .netemMissing(host: "a"))
                #expect(error.description.contains("this kernel lacks netem"))
                #expect(error.description.contains("proxy faults"))
                #expect(try await lab.status().hosts[0].shaping == nil, "nothing shaped")
                return
            }
            // A kernel with netem: the delay holds up a's connection attempts to b.
            #expect(try await lab.status().hosts[0].shaping == "netem")
            let listener = try LabProbes.Listener(lab.spec.hosts[1].address, in: lab.namespace(of: "b"))
            defer { listener.stop() }
            let start = ContinuousClock.now
            #expect(try await LabProbes.connects(from: lab.namespace(of: "a"), to: lab.spec.hosts[1].address))
            #expect(ContinuousClock.now - start >= .milliseconds(100))
        }
    }

    @Test func upClearsWhatACrashedRunLeftAndDownRemovesEverything() async throws {
        let lab = Self.lab("t-down", octet: 108)
        // What a run killed halfway through leaves: some of the lab's namespaces.
        _ = try await NetworkNamespace.create("fl-t-down")
        _ = try await NetworkNamespace.create("fl-t-down.a")
        let leftovers = try await lab.up()
        #expect(leftovers == ["namespace fl-t-down", "namespace fl-t-down.a"])
        try await lab.cut(Grudge(components: [["a"], ["b", "c"]]), mode: .drop)
        #expect(try await lab.status().hosts[0].cutTo.count == 2)

        let removed = try await lab.down()
        #expect(removed.count == 5)  // the controller link, the switch and three hosts
        #expect(try await Lab.down(name: "t-down").isEmpty)
        #expect(NetworkNamespace.all { $0.hasPrefix("fl-t-down") }.isEmpty)
        #expect(try RouteSocket().link("fl-t-down") == nil)
        #expect(try await lab.status().isDown)
        #expect(!Self.routeTable().contains("10.213.108."), "no route into the lab's subnet is left")
    }

    @Test func aLabInUseByARunIsNeitherTakenOverNorTornDown() async throws {
        try await Self.lab("t-lock", octet: 113).whileUp { (lab: Lab) async throws in
            let inUse = "lab t-lock is in use by another run (process \(getpid()))"
            await #expect { try await Lab(lab.spec).up() } throws: { "\($0)".contains(inUse) }
            await #expect { try await Lab.down(name: "t-lock") } throws: { "\($0)".contains(inUse) }
            #expect(try await lab.status().isUp)
        }
        #expect(try await Lab.down(name: "t-lock").isEmpty, "the run's own down removed it, and released it")
    }

    @Test func aSubnetInUseIsRefused() async throws {
        try await Self.lab("t-used", octet: 109).whileUp { _ in
            let second = Lab(LabSpec(name: "t-used2", subnet: try IPv4Subnet(parsing: "10.213.109.0/24"), hostNames: ["x"]))
            await #expect(throws: LabError.self) { try await second.up() }
            do {
                try await second.up()
            } catch {
                #expect("\(error)".contains("subnet 10.213.109.0/24 is in use on this machine (10.213.109.1 on fl-t-used)"))
            }
            #expect(try await second.status().isDown, "nothing of the refused lab is left")
        }
    }

    /// A thread that entered a host goes back before it resumes its caller; otherwise threads the
    /// runtime starts from it would be born in the host, and tasks would see the host's network.
    @Test func threadsOfThePoolStayInTheMachinesNamespace() async throws {
        try await Self.lab("t-home", octet: 112).whileUp { lab in
            let home = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/net")
            let inside = try await lab.namespace(of: "a").perform {
                try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net")
            }
            #expect(inside != home)
            let seen = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<64 {
                    group.addTask {
                        if index % 2 == 0 { _ = try await lab.namespace(of: "b").perform { getpid() } }
                        try await Task.sleep(for: .milliseconds(1))
                        return try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net")
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(seen == [home])

            // The same, on one thread: whatever the work entered, the thread is home afterwards.
            let hostPath = lab.namespace(of: "c").path
            let after = try await blocking {
                let work = NetworkNamespace.returningHome {
                    let host = open(hostPath, O_RDONLY)
                    defer { close(host) }
                    guard setns(host, cnetlink_clone_newnet) == 0 else { throw LabError("setns: \(errno)") }
                    return try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net")
                }
                let during = try work()
                return (during, try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net"))
            }
            #expect(after.0 != home)
            #expect(after.1 == home)
        }
    }

    static func routeTable() -> String {
        (try? String(contentsOfFile: "/proc/net/route", encoding: .utf8)).map { table in
            // /proc/net/route has destinations in little-endian hex; turn them into dotted text.
            table.split(separator: "\n").dropFirst().compactMap { line in
                line.split(separator: "\t").dropFirst().first.flatMap { UInt32($0, radix: 16) }
                    .map { IPv4Address($0.byteSwapped).description }
            }.joined(separator: "\n")
        } ?? ""
    }
}
