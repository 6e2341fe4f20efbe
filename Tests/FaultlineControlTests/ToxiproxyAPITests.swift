import BlockingSockets
import FaultlineControl
import FaultlineProxy
import Foundation
import Testing

/// A control server on a free loopback port over a fresh registry.
struct APIServer {
    let registry: ProxyRegistry
    let server: ControlServer
    let client: HTTPTestClient

    static func start(token: String? = nil) async throws -> APIServer {
        let registry = ProxyRegistry(seed: 5)
        let control = ControlAPI(registry: registry, schedules: ScheduleHost(registry: registry) { _ in })
        let server = try await ControlServer.start(host: "127.0.0.1", port: 0, token: token.flatMap { BearerToken(fileText: $0) }) {
            await control.respond(to: $0)
        }
        let port = Int(try #require(server.address).port)
        return APIServer(registry: registry, server: server, client: HTTPTestClient(port: port, token: token))
    }

    func stop() async {
        await server.stop()
        await registry.shutdown()
    }

    /// Creates proxy `name` in front of `upstream` through the API; returns the port it listens on
    /// (0 for any free port; tests that disable a proxy give one outside the ephemeral range, so
    /// that no other test takes it meanwhile).
    func createProxy(_ name: String, upstream: Int, port: Int = 0) async throws -> Int {
        let reply = try await client.post("/proxies", #"{"name":"\#(name)","listen":"127.0.0.1:\#(port)","upstream":"127.0.0.1:\#(upstream)"}"#)
        #expect(reply.status == 201)
        let listen = try #require(reply.object["listen"] as? String)
        return try #require(Int(listen.split(separator: ":").last ?? ""))
    }
}

/// Every endpoint of Toxiproxy's API over real HTTP: status codes, JSON shapes, and the effect
/// of each change on live traffic.
@Suite(.serialized) struct ToxiproxyAPITests {
    @Test func versionAndProxyLifecycle() async throws {
        let api = try await APIServer.start()
        let echo = try BlockingServer.echo()
        defer { echo.stop() }
        let version = try await api.client.get("/version")
        #expect(version.status == 200 && version.object["version"] is String)
        #expect(version.headers["content-type"] == "application/json")

        let port = try await api.createProxy("redis", upstream: echo.port)
        #expect(port != 0, "the response shows the real port")
        let created = try await api.client.get("/proxies/redis")
        #expect(created.status == 200)
        #expect(Set(created.object.keys).isSuperset(of: ["name", "listen", "upstream", "enabled", "toxics"]))
        #expect(created.object["enabled"] as? Bool == true)
        #expect((created.object["toxics"] as? [Any])?.isEmpty == true)

        let all = try await api.client.get("/proxies")
        #expect(all.status == 200 && (all.object["redis"] as? [String: Any])?["name"] as? String == "redis")

        #expect(try await api.client.post("/proxies", #"{"name":"redis","upstream":"127.0.0.1:1"}"#).status == 409)
        #expect(try await api.client.post("/proxies", #"{"name":"x"}"#).status == 400)
        let lenient = try await api.client.post("/proxies", #"{"name":"extra","upstream":"127.0.0.1:1","color":"blue"}"#)
        #expect(lenient.status == 201, "unknown members are ignored, as Toxiproxy does")
        #expect(try await api.client.send("PATCH", "/proxies/redis/toxics/none", "{}").status == 404)
        #expect(try await api.client.post("/proxies", #"{"upstream":"127.0.0.1:1"}"#).status == 400)
        #expect(try await api.client.get("/proxies/nope").status == 404)

        #expect(try await api.client.send("DELETE", "/proxies/redis").status == 204)
        #expect(try await api.client.get("/proxies/redis").status == 404)
        await api.stop()
    }

    @Test func disablingRefusesConnectionsAndResetRestores() async throws {
        let api = try await APIServer.start()
        let echo = try BlockingServer.echo()
        defer { echo.stop() }
        let port = try await api.createProxy("p", upstream: echo.port, port: try freePortBelowEphemeralRange())
        let disabled = try await api.client.send("PATCH", "/proxies/p", #"{"enabled":false}"#)
        #expect(disabled.status == 200 && disabled.object["enabled"] as? Bool == false)
        #expect(disabled.object["upstream"] as? String == "127.0.0.1:\(echo.port)", "omitted fields keep their values")
        #expect(throws: (any Error).self) { try BlockingSocket.connect(port: port) }

        _ = try await api.client.post("/proxies/p/toxics", #"{"type":"latency","attributes":{"latency":10}}"#)
        #expect(try await api.client.post("/reset", "").status == 204)
        let after = try await api.client.get("/proxies/p")
        #expect(after.object["enabled"] as? Bool == true)
        #expect((after.object["toxics"] as? [Any])?.isEmpty == true)
        #expect(try await BlockingSocket.roundTrip("back", port: port) == "back")
        await api.stop()
    }

    @Test func toxicsAreAddedUpdatedAndRemovedOnLiveConnections() async throws {
        let api = try await APIServer.start()
        let echo = try BlockingServer.echo()
        defer { echo.stop() }
        let port = try await api.createProxy("p", upstream: echo.port)
        let client = try await blocking { try BlockingSocket.connect(port: port) }
        defer { client.close() }

        let added = try await api.client.post("/proxies/p/toxics", #"{"type":"latency","attributes":{"latency":400,"jitter":0}}"#)
        #expect(added.status == 200)
        #expect(added.object["name"] as? String == "latency_downstream")
        #expect(added.object["stream"] as? String == "downstream")
        #expect(added.object["toxicity"] as? Double == 1)
        #expect((added.object["attributes"] as? [String: Any])?["latency"] as? Double == 400)

        // The connected client now waits: nothing within 150 ms, then the echo.
        try client.send("slow")
        #expect(try await client.receive(within: 150) == .timedOut)
        #expect(try await blocking { client.receiveText(count: 4) } == "slow")

        #expect(try await api.client.post("/proxies/p/toxics", #"{"type":"latency"}"#).status == 409)
        #expect(try await api.client.post("/proxies/p/toxics", #"{"type":"lag"}"#).status == 400)
        #expect(try await api.client.post("/proxies/p/toxics", #"{"type":"latency","stream":"sideways","attributes":{"latency":1}}"#).status == 400)

        let updated = try await api.client.post("/proxies/p/toxics/latency_downstream", #"{"attributes":{"jitter":5},"toxicity":0.5}"#)
        #expect(updated.status == 200)
        let attributes = updated.object["attributes"] as? [String: Any]
        #expect(attributes?["latency"] as? Double == 400, "attributes are merged")
        #expect(attributes?["jitter"] as? Double == 5)
        #expect(updated.object["toxicity"] as? Double == 0.5)
        #expect(try await api.client.get("/proxies/p/toxics/latency_downstream").object["toxicity"] as? Double == 0.5)
        #expect((try await api.client.get("/proxies/p/toxics").json as? [Any])?.count == 1)

        #expect(try await api.client.send("DELETE", "/proxies/p/toxics/latency_downstream").status == 204)
        #expect(try await api.client.get("/proxies/p/toxics/latency_downstream").status == 404)
        try client.send("fast")
        #expect(try await blocking { client.receiveText(count: 4) } == "fast")
        await api.stop()
    }

    @Test func toxiproxyTypesTranslateToFaultlineFaults() async throws {
        let api = try await APIServer.start()
        _ = try await api.createProxy("p", upstream: 1)
        let cases: [(String, String, [String: Double])] = [
            (#"{"type":"bandwidth","stream":"upstream","attributes":{"rate":100}}"#, "bandwidth_upstream", ["rate": 100]),
            (#"{"type":"slow_close","attributes":{"delay":250}}"#, "slow_close_downstream", ["delay": 250]),
            (#"{"type":"timeout","name":"hang","attributes":{"timeout":0}}"#, "hang", ["timeout": 0]),
            (#"{"type":"reset_peer","name":"rst","attributes":{"timeout":2000}}"#, "rst", ["timeout": 2000]),
            (#"{"type":"slicer","attributes":{"average_size":64,"size_variation":32,"delay":10}}"#, "slicer_downstream",
             ["average_size": 64, "size_variation": 32, "delay": 10]),
            (#"{"type":"limit_data","attributes":{"bytes":1000}}"#, "limit_data_downstream", ["bytes": 1000]),
            (#"{"type":"noop"}"#, "noop_downstream", [:]),
        ]
        for (body, name, expected) in cases {
            let reply = try await api.client.post("/proxies/p/toxics", body)
            #expect(reply.status == 200, "\(body): \(reply.body)")
            #expect(reply.object["name"] as? String == name)
            let attributes = reply.object["attributes"] as? [String: Any] ?? [:]
            for (key, value) in expected { #expect(attributes[key] as? Double == value, "\(name).\(key)") }
        }
        let loss = try await api.client.post("/proxies/p/toxics", #"{"type":"packet_loss","attributes":{"loss_rate":0.1}}"#)
        #expect(loss.status == 400 && loss.object["error"] as? String != nil, "loss applies only to UDP proxies")
        await api.stop()
    }

    @Test func populateCreatesReplacesOnlyWhatChangedAndReportsAll() async throws {
        let api = try await APIServer.start()
        let body = #"[{"name":"a","listen":"127.0.0.1:0","upstream":"127.0.0.1:1000"},{"name":"b","upstream":"127.0.0.1:2000"}]"#
        let first = try await api.client.post("/populate", body)
        #expect(first.status == 201)
        let proxies = first.object["proxies"] as? [[String: Any]] ?? []
        #expect(proxies.map { $0["name"] as? String } == ["a", "b"])
        let listenA = proxies.first?["listen"] as? String
        _ = try await api.client.post("/proxies/a/toxics", #"{"type":"latency","attributes":{"latency":5}}"#)

        let again = try await api.client.post("/populate", #"{"proxies":[{"name":"a","listen":"\#(listenA ?? "")","upstream":"127.0.0.1:1000"},{"name":"b","upstream":"127.0.0.1:2001"}]}"#)
        #expect(again.status == 201)
        let kept = try await api.client.get("/proxies/a")
        #expect(kept.object["listen"] as? String == listenA)
        #expect((kept.object["toxics"] as? [Any])?.count == 1, "an unchanged proxy keeps its toxics")
        #expect(try await api.client.get("/proxies/b").object["upstream"] as? String == "127.0.0.1:2001")
        await api.stop()
    }

    @Test func metricsUseToxiproxysNames() async throws {
        let api = try await APIServer.start()
        let echo = try BlockingServer.echo()
        defer { echo.stop() }
        let port = try await api.createProxy("m", upstream: echo.port)
        let client = try await blocking { try BlockingSocket.connect(port: port) }
        try client.send("12345")
        _ = try await blocking { client.receiveText(count: 5) }
        client.close()
        let metrics = try await api.client.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
        #expect(metrics.body.contains(#"toxiproxy_proxy_received_bytes_total{proxy="m",direction="upstream"} 5"#))
        #expect(metrics.body.contains(#"toxiproxy_proxy_sent_bytes_total{proxy="m",direction="downstream"} 5"#))
        #expect(metrics.body.contains(#"faultline_connections_accepted_total{proxy="m"} 1"#))
        await api.stop()
    }
}
