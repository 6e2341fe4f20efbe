import FaultlineControl
import FaultlineCore
import FaultlineProxy
import Foundation
import Synchronization
import Testing
@testable import FaultlineHarness

/// A suite whose proxy runs on an agent: a Faultline control server standing in for one on
/// another machine, which records the requests the run sends it.
@Suite struct AgentTests {
    @Test func aSuiteDrivesTheProxiesOfAnAgentThroughItsAPI() async throws {
        let agentRegistry = ProxyRegistry(seed: 1, log: { _ in })
        let api = ControlAPI(registry: agentRegistry, schedules: ScheduleHost(registry: agentRegistry, log: { _ in }))
        let requests = Mutex<[String]>([])
        let agent = try await ControlServer.start(host: "127.0.0.1", port: 0, token: nil) { request in
            requests.withLock { $0.append("\(request.method) /\(request.path.joined(separator: "/"))") }
            return await api.respond(to: request)
        }
        let directory = try NodeProcessTests.directory()
        let suite = directory + "/agent.yaml"
        try """
            nodes:
              - { name: primary, command: faultline, args: [store, --listen, "127.0.0.1:{port}"], ready: { tcp: "127.0.0.1:{port}" } }
            agents:
              far: http://\(agent.address?.description ?? "")
            proxies:
              - { name: clients, agent: far, listen: "127.0.0.1:{port}", upstream: "{node.primary.address}" }
            workload: { model: cas-register, writes: clients, clients: 2, duration: 2200ms, timeout: 300ms }
            schedule:
              - { every: 1s, for: 400ms, partition: { proxies: all, mode: drop } }
              - { at: 500ms, add: { proxy: clients, fault: { type: latency, delay: 5ms } } }
            checker: { initial: "0" }
            expect: linearizable
            """.write(toFile: suite, atomically: true, encoding: .utf8)

        let outcome = try await SuiteRunner(file: suite, directory: directory + "/out", faultline: NodeProcessTests.faultline,
                                            log: { _ in }).run()
        await agent.stop()
        #expect(outcome.asExpected && outcome.ok >= 5, "the clients worked through the agent's proxy: \(outcome.ok) ok")
        let sent = requests.withLock { $0 }
        #expect(sent.first == "POST /v1/proxies")
        #expect(sent.filter { $0 == "POST /v1/partitions" }.count >= 2)
        #expect(sent.filter { $0 == "DELETE /v1/partitions" }.count >= 2)
        #expect(sent.contains("POST /v1/proxies/clients/faults"))
        #expect(sent.last == "DELETE /v1/proxies/clients", "the run removes what it created")
        #expect(await agentRegistry.status().isEmpty)
        let schedule = try String(contentsOfFile: directory + "/out/schedule.log", encoding: .utf8)
        #expect(!schedule.contains("failed"), "\(schedule)")
    }

    @Test func anUnreachableAgentEndsTheRunBeforeAnythingStarts() async throws {
        let directory = try NodeProcessTests.directory()
        let suite = directory + "/agent.yaml"
        try """
            nodes: [{ name: db, command: sleep, args: ["30"] }]
            agents: { gone: "http://127.0.0.1:1" }
            proxies: [{ name: link, agent: gone, listen: "127.0.0.1:{port}", upstream: "{node.db.address}" }]
            workload: { model: cas-register, writes: link, duration: 1s }
            expect: linearizable
            """.write(toFile: suite, atomically: true, encoding: .utf8)
        await #expect {
            try await SuiteRunner(file: suite, directory: directory + "/out", faultline: NodeProcessTests.faultline, log: { _ in }).run()
        } throws: { error in
            "\(error)".hasPrefix("agent gone could not create proxy link")
        }
    }
}
