import BlockingSockets
import FaultlineControl
import FaultlineProxy
import Foundation
import Testing

/// What the API answers to bad requests: a clear error naming where the problem is, and no
/// change to the registry.
@Suite(.serialized) struct BadInputTests {
    @Test(arguments: [
        (#"{"name": "a", "upstream": "#, "malformed JSON: request body:2:1: did not find expected node content"),
        (#"{"name": "a", "upstream": "127.0.0.1:1", "enabled": "maybe"}"#, "request body:1:53: 'enabled' must be true or false"),
        (#"{"name": "a", "upstream": "nowhere"}"#, "request body:1:27: 'upstream'"),
        (#"{"name": ["a"], "upstream": "127.0.0.1:1"}"#, "'name' must be a string or a number, got an array"),
        (#"["a"]"#, "expected a proxy (a JSON object), got an array"),
        ("", "a JSON body is required"),
    ])
    func malformedProxiesAreRefusedWithWhereAndWhy(body: String, message: String) async throws {
        let api = try await APIServer.start()
        let reply = try await api.client.post("/proxies", body)
        #expect(reply.status == 400)
        #expect(reply.object["status"] as? Int == 400)
        let error = try #require(reply.object["error"] as? String)
        #expect(error.contains(message), "\(error)")
        #expect(await api.registry.status().isEmpty)
        await api.stop()
    }

    @Test func badToxicsAreRefusedAndChangeNothing() async throws {
        let api = try await APIServer.start()
        _ = try await api.createProxy("p", upstream: 1)
        let cases = [
            (#"{"type":"latency","attributes":{"latency":"soon"}}"#, "'latency' must be a number (in ms)"),
            (#"{"type":"latency","attributes":{"latency":-5}}"#, "delay"),
            (#"{"type":"latency","toxicity":2,"attributes":{"latency":5}}"#, "toxicity"),
            (#"{"type":"bandwidth"}"#, "rate"),
            (#"{"type":"latency","attributes":[1]}"#, "'attributes' must be an object"),
        ]
        for (body, message) in cases {
            let reply = try await api.client.post("/proxies/p/toxics", body)
            #expect(reply.status == 400, "\(body)")
            #expect((reply.object["error"] as? String)?.contains(message) == true, "\(body): \(reply.body)")
        }
        #expect(try await api.registry.faults(of: "p").isEmpty)
        #expect(try await api.client.post("/proxies/nope/toxics", #"{"type":"noop"}"#).status == 404)
        #expect(try await api.client.get("/proxies/p/toxics/nope").status == 404)
        #expect(try await api.client.send("DELETE", "/proxies/p/toxics/nope").status == 404)
        #expect(try await api.client.get("/no/such/thing").status == 404)
        #expect(try await api.client.send("PUT", "/proxies/p").status == 405)
        await api.stop()
    }

    @Test func anOversizeBodyGets413() async throws {
        let api = try await APIServer.start()
        let body = #"{"name":"big","upstream":"127.0.0.1:1","padding":""# + String(repeating: "x", count: 1 << 20) + #""}"#
        let reply = try await api.client.post("/proxies", body)
        #expect(reply.status == 413)
        #expect(await api.registry.status().isEmpty)
        await api.stop()
    }

    @Test func aServerWithATokenRefusesRequestsWithoutIt() async throws {
        let api = try await APIServer.start(token: "s3cret-token")
        #expect(try await api.client.get("/version").status == 200)
        var stranger = api.client
        stranger.token = nil
        let refused = try await stranger.get("/version")
        #expect(refused.status == 401 && refused.object["status"] as? Int == 401)
        stranger.token = "s3cret-tokem"
        #expect(try await stranger.get("/proxies").status == 401)
        #expect(try await stranger.post("/proxies", #"{"name":"x","upstream":"127.0.0.1:1"}"#).status == 401)
        #expect(await api.registry.status().isEmpty)
        await api.stop()
    }

    /// Many clients create and delete the same proxy at once: every answer is a proper one, and
    /// afterwards the registry and the listeners agree.
    @Test func concurrentCreatesAndDeletesOfOneProxyLeaveTheRegistryConsistent() async throws {
        let api = try await APIServer.start()
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<40 {
                group.addTask {
                    index.isMultiple(of: 2)
                        ? try await api.client.post("/proxies", #"{"name":"same","upstream":"127.0.0.1:1"}"#).status
                        : try await api.client.send("DELETE", "/proxies/same").status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(Set(statuses).isSubset(of: [201, 409, 204, 404]))
        let remaining = await api.registry.status()
        #expect(remaining.count <= 1)
        if let proxy = remaining.first, let port = proxy.listening?.port {
            let client = try await blocking { try BlockingSocket.connect(port: Int(port)) }
            client.close()
        }
        await api.stop()
    }
}
