import BlockingSockets
import FaultlineControl
import FaultlineProxy
import Foundation
import Testing

/// Faultline's own API under /v1: the profile language over HTTP, strict about what it reads.
@Suite(.serialized) struct NativeAPITests {
    @Test func proxiesAndFaultsInTheProfileLanguage() async throws {
        let api = try await APIServer.start()
        let created = try await api.client.post("/v1/proxies", """
            {"name": "dns", "protocol": "udp", "listen": "127.0.0.1:0", "upstream": "127.0.0.1:53", "session_timeout": "30s",
             "faults": [{"type": "loss", "model": "gilbert-elliott", "p": "2%", "r": "25%"}]}
            """)
        #expect(created.status == 201, "\(created.body)")
        #expect(created.object["protocol"] as? String == "udp")
        #expect(created.object["session_timeout"] as? String == "30s")
        let faults = created.object["faults"] as? [[String: Any]] ?? []
        #expect(faults.first?["name"] as? String == "loss_downstream")
        #expect(faults.first?["r"] as? String == "25%")

        let added = try await api.client.post("/v1/proxies/dns/faults", "{type: duplicate, name: twice, probability: 10%, direction: both}")
        #expect(added.status == 201 && added.object["probability"] as? String == "10%")
        let replaced = try await api.client.send("PUT", "/v1/proxies/dns/faults/twice", #"{"type":"duplicate","probability":"20%"}"#)
        #expect(replaced.status == 200)
        #expect(replaced.object["name"] as? String == "twice", "a PUT keeps the name in its path")
        #expect(replaced.object["probability"] as? String == "20%")
        let listed = try await api.client.get("/v1/proxies/dns/faults")
        #expect((listed.object["faults"] as? [Any])?.count == 2)
        #expect(try await api.client.send("DELETE", "/v1/proxies/dns/faults/twice").status == 204)
        #expect(try await api.client.get("/v1/proxies/dns/faults/twice").status == 404)

        let patched = try await api.client.send("PATCH", "/v1/proxies/dns", #"{"upstream":"127.0.0.1:5353"}"#)
        #expect(patched.status == 200 && patched.object["upstream"] as? String == "127.0.0.1:5353")
        #expect(try await api.client.send("DELETE", "/v1/proxies/dns").status == 204)
        await api.stop()
    }

    @Test func unknownMembersAreErrorsWithTheirPlace() async throws {
        let api = try await APIServer.start()
        let reply = try await api.client.post("/v1/proxies", """
            {"name": "db", "listen": "127.0.0.1:0", "upstream": "127.0.0.1:1",
             "faults": [{"type": "latency", "dealy": "5ms"}]}
            """)
        #expect(reply.status == 400)
        let problems = reply.object["problems"] as? [String] ?? []
        #expect(problems.contains { $0.contains("request body:2:33") && $0.contains("did you mean 'delay'?") }, "\(reply.body)")
        let udpFault = try await api.client.post("/v1/proxies", #"{"name":"t","listen":"127.0.0.1:0","upstream":"127.0.0.1:1","faults":[{"type":"loss","probability":"5%"}]}"#)
        #expect(udpFault.status == 400 && (udpFault.object["error"] as? String)?.contains("applies only to udp proxies") == true)
        let patch = try await api.client.send("PATCH", "/v1/proxies/t", #"{"enabled": false}"#)
        #expect(patch.status == 404)
        #expect(await api.registry.status().isEmpty)
        await api.stop()
    }

    @Test func partitionsHoldTrafficUntilHealed() async throws {
        let api = try await APIServer.start()
        let echo = try BlockingServer.echo()
        defer { echo.stop() }
        let port = try await api.createProxy("db", upstream: echo.port)
        let client = try await blocking { try BlockingSocket.connect(port: port) }
        defer { client.close() }

        let partitioned = try await api.client.post("/v1/partitions", #"{"proxies": ["db"], "mode": "drop"}"#)
        #expect(partitioned.status == 200)
        let partitions = partitioned.object["partitions"] as? [[String: Any]] ?? []
        #expect(partitions.first?["proxy"] as? String == "db" && partitions.first?["mode"] as? String == "drop")
        #expect(try await api.client.get("/v1/proxies/db").object["partition"] as? [String: Any] != nil)
        #expect(try await api.client.post("/v1/partitions", #"{"proxies": ["nope"]}"#).status == 400)

        try client.send("held")
        #expect(try await client.receive(within: 200) == .timedOut)
        #expect(try await api.client.send("DELETE", "/v1/partitions").status == 204)
        #expect(try await blocking { client.receiveText(count: 4) } == "held")
        await api.stop()
    }

    @Test func aPostedProfileCreatesItsProxiesAndRunsItsSchedule() async throws {
        let api = try await APIServer.start()
        let reply = try await api.client.post("/v1/profiles", """
            proxies:
              - name: web
                listen: 127.0.0.1:0
                upstream: 127.0.0.1:8080
            schedule:
              - at: 0s
                add: { proxy: web, fault: { type: latency, name: lag, delay: 5ms } }
              - at: 1h
                heal: all
            """)
        #expect(reply.status == 201, "\(reply.body)")
        #expect(reply.object["schedule_steps"] as? Int == 2)
        var schedule: [String: Any] = [:]
        for _ in 0..<100 {
            schedule = try await api.client.get("/v1/schedule").object
            let first = ((schedule["schedules"] as? [[String: Any]])?.first?["steps"] as? [[String: Any]])?.first
            if (first?["runs"] as? [Any])?.isEmpty == false { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        let entry = try #require((schedule["schedules"] as? [[String: Any]])?.first)
        let runs = (entry["steps"] as? [[String: Any]])?.first?["runs"] as? [[String: Any]] ?? []
        #expect(runs.first?["outcome"] as? String == "performed")
        #expect((runs.first?["action"] as? String)?.contains("add latency fault 'lag' to web") == true)
        #expect((entry["next"] as? [String: Any])?["at"] as? String == "3600.000s")
        #expect(try await api.registry.faults(of: "web").map(\.name) == ["lag"])

        let invalid = try await api.client.post("/v1/profiles", "proxies: [{name: x}]")
        #expect(invalid.status == 400)
        #expect((invalid.object["problems"] as? [String])?.count == 2, "listen and upstream are both missing")
        await api.stop()
    }
}
