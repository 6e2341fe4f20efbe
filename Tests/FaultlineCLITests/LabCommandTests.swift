import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `faultline lab` on this machine's kernel, and the lab suites run end to end with real etcd.
@Suite(.enabled(if: geteuid() == 0, "the netns lab needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN); CI runs these as root"))
struct LabCommandTests {
    static func labFile(_ name: String, subnet: String) throws -> String {
        try Faultline.temporaryFile(named: "\(name).yaml", containing: "lab: { name: \(name), subnet: \(subnet), hosts: [a, b] }\n").path
    }

    @Test func upStatusExecAndDown() async throws {
        let file = try Self.labFile("cli-lab", subnet: "10.213.120.0/24")
        defer { _ = try? Faultline.runBlocking(["lab", "down", file]) }
        let up = try await Faultline.run(["lab", "up", file])
        #expect(up.status == 0, "\(up.standardError)")
        #expect(up.standardOutput.contains("lab cli-lab: up, subnet 10.213.120.0/24, controller connected"))
        #expect(up.standardOutput.contains("  b  10.213.120.3  link up"))

        // A command in host b sees b's address and the lab's links, not the machine's.
        let exec = try await Faultline.run(["lab", "exec", file, "b", "--", "cat", "/proc/net/fib_trie"])
        #expect(exec.status == 0, "\(exec.standardError)")
        #expect(exec.standardOutput.contains("10.213.120.3"))
        #expect(!exec.standardOutput.contains("10.213.120.2\n"), "host a's address is not local in b")
        let exitStatus = try await Faultline.run(["lab", "exec", file, "a", "--", "sh", "-c", "exit 7"])
        #expect(exitStatus.status == 7, "exec becomes the command")
        let unknown = try await Faultline.run(["lab", "exec", file, "z", "--", "true"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("lab cli-lab has no host z (hosts: a, b)"))

        let down = try await Faultline.run(["lab", "down", file])
        #expect(down.standardOutput.contains("removed link fl-cli-lab, namespace fl-cli-lab, namespace fl-cli-lab.a, namespace fl-cli-lab.b"))
        let again = try await Faultline.run(["lab", "down", file])
        #expect(again.status == 0)
        #expect(again.standardOutput.contains("lab cli-lab: nothing to remove"))
        #expect(try await Faultline.run(["lab", "status", file]).standardOutput.contains("lab cli-lab: down"))
        let notUp = try await Faultline.run(["lab", "exec", file, "a", "--", "true"])
        #expect(notUp.status == 3)
        #expect(notUp.standardError.contains("lab cli-lab is not up"))
    }

    @Test func withoutRootTheLabSaysSo() async throws {
        let file = try Self.labFile("cli-nobody", subnet: "10.213.121.0/24")
        let result = try await Faultline.run(["lab", "up", file], wrapper: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
        #expect(result.status == 3)
        #expect(result.standardError.contains("the netns lab needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN)"))
    }

    @Test func aFileWithoutALabIsABadFile() async throws {
        let file = try Faultline.temporaryFile(named: "nolab.yaml", containing: "proxies: []\n")
        let result = try await Faultline.run(["lab", "status", file.path])
        #expect(result.status == 2)
        #expect(result.standardError.contains("nolab.yaml:1:1: error: no 'lab' section"))
    }

    /// A 3-member etcd cluster in lab hosts, cut by real partitions (random halves, majorities
    /// ring), each suite twice with different seeds: linearizable reads pass, serializable reads
    /// are caught reading stale data. Nothing of the lab or its nodes is left afterwards.
    @Test(arguments: [("etcd-lab-linearizable", "linearizable", "etcd-lin"), ("etcd-lab-serializable", "not-linearizable", "etcd-ser")])
    func etcdLabSuitesGetTheirExpectedVerdicts(suite: String, verdict: String, lab: String) async throws {
        try await RunCommandTests.runTwiceExpecting(verdict, suite: suite)
        #expect(!FileManager.default.fileExists(atPath: "/run/netns/fl-\(lab)"), "the lab is down")
        #expect(!FileManager.default.fileExists(atPath: "/sys/class/net/fl-\(lab)"), "the controller's link is gone")
    }
}
