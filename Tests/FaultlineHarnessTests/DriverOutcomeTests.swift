import BlockingSockets
import FaultlineControl
import FaultlineCore
import FaultlineHistory
import Foundation
import Testing
@testable import FaultlineHarness

/// How the drivers classify what a server does, against fake servers that answer as told: a
/// definite refusal is `fail`; a lost answer leaves a write `info` and a read `fail`; a request
/// never sent is `fail`.
@Suite struct DriverOutcomeTests {
    static let write = WorkloadOperation(f: "write", value: .int(3))
    static let read = WorkloadOperation(f: "read")
    static let cas = WorkloadOperation(f: "cas", value: .list([.int(1), .int(2)]))

    static func isFail(_ outcome: OperationOutcome) -> Bool {
        if case .fail = outcome { return true }
        return false
    }

    static func isInfo(_ outcome: OperationOutcome) -> Bool {
        if case .info = outcome { return true }
        return false
    }

    /// A Redis-protocol server that answers each command with `answer(command)`, or not at all (nil).
    static func fakeRedis(_ answer: @escaping @Sendable (String) -> String?) throws -> BlockingServer {
        try BlockingServer { socket in
            while case .data(let bytes) = socket.receive() {
                let command = String(decoding: bytes, as: UTF8.self)
                if command.contains("return 1") {
                    try? socket.send("-ERR unknown command 'EVAL'\r\n")  // the scripting probe: like the embedded store
                } else if let reply = answer(command) {
                    try? socket.send(reply)
                }
            }
        }
    }

    /// `timeout` is short only where a test waits for it to pass; elsewhere it outlasts a loaded machine.
    static func redis(_ server: BlockingServer, model: String = "cas-register", timeout: Duration = .seconds(10)) async throws
        -> any Driver {
        let address = try Endpoint(parsing: "127.0.0.1:\(server.port)")
        return try await RedisDriver.Factory(ClientSettings(model: model, writes: [address], timeout: timeout, absent: .int(0)))
            .open(client: 0)
    }

    @Test func redisAnErrorReplyIsAFail() async throws {
        let server = try Self.fakeRedis { _ in "-ERR out of memory\r\n" }
        defer { server.stop() }
        let driver = try await Self.redis(server)
        #expect(await driver.invoke(Self.write) == .fail("ERR out of memory"))
        #expect(await driver.invoke(Self.cas) == .fail("ERR out of memory"))
    }

    @Test func redisNoAnswerLeavesAWriteUnknownAndFailsARead() async throws {
        let server = try Self.fakeRedis { _ in nil }
        defer { server.stop() }
        #expect(Self.isInfo(try await Self.redis(server, timeout: .milliseconds(300)).invoke(Self.write)))
        #expect(Self.isInfo(try await Self.redis(server, timeout: .milliseconds(300)).invoke(Self.cas)))
        #expect(try await Self.redis(server, timeout: .milliseconds(300)).invoke(Self.read) == .fail("no answer in time", reconnect: true))
    }

    @Test func redisAMalformedReplyLeavesAWriteUnknown() async throws {
        let server = try Self.fakeRedis { command in command.contains("GET") ? "$1\r\nx\r\n" : "?what\r\n" }
        defer { server.stop() }
        #expect(Self.isInfo(try await Self.redis(server).invoke(Self.write)))
        #expect(Self.isFail(try await Self.redis(server).invoke(Self.read)), "a read that is not a number")
    }

    @Test func redisACommandNeverSentIsAFailAndAnUnreachableServerCannotBeOpened() async throws {
        let server = try Self.fakeRedis { _ in "+OK\r\n" }
        defer { server.stop() }
        let driver = try await Self.redis(server)
        #expect(await driver.invoke(Self.write) == .ok(.int(3)))
        await driver.close()
        #expect(await driver.invoke(Self.write) == .fail("not sent: the connection was closed", reconnect: true))

        let closed = try Endpoint(parsing: "127.0.0.1:\(try freePortBelowEphemeralRange())")
        await #expect(throws: (any Error).self) {
            try await RedisDriver.Factory(ClientSettings(writes: [closed])).open(client: 0)
        }
    }

    @Test func redisAnswersBecomeTheModelsValues() async throws {
        let server = try Self.fakeRedis { command in
            if command.contains("SMEMBERS") { return "*2\r\n$1\r\n7\r\n$1\r\n5\r\n" }
            if command.contains("LPOP") { return "$-1\r\n" }
            if command.contains("INCRBY") { return ":12\r\n" }
            if command.contains("CAS") { return ":0\r\n" }
            return "$-1\r\n"
        }
        defer { server.stop() }
        #expect(try await Self.redis(server, model: "set").invoke(WorkloadOperation(f: "read")) == .ok(.list([.int(5), .int(7)])))
        #expect(try await Self.redis(server, model: "fifo-queue").invoke(WorkloadOperation(f: "dequeue")) == .ok(.null))
        #expect(try await Self.redis(server, model: "counter").invoke(WorkloadOperation(f: "add", value: .int(2))) == .ok(.int(2)))
        #expect(try await Self.redis(server, model: "counter").invoke(WorkloadOperation(f: "read")) == .ok(.int(0)))
        #expect(try await Self.redis(server, model: "kv").invoke(WorkloadOperation(f: "get")) == .ok(.null), "absent is a real nil for kv")
        #expect(try await Self.redis(server).invoke(Self.read) == .ok(.int(0)), "absent is the initial value for a register")
        #expect(try await Self.redis(server).invoke(Self.cas) == .fail("the value was not the expected one"))
    }

    // MARK: - etcd

    /// An HTTP server standing in for etcd's gateway, answering as `respond` says.
    /// `timeout` is short only where a test waits for it to pass; elsewhere it outlasts a loaded machine.
    static func fakeEtcd(timeout: Duration = .seconds(10), _ respond: @escaping @Sendable (ControlRequest) async -> ControlResponse)
        async throws -> (ControlServer, any Driver) {
        let server = try await ControlServer.start(host: "127.0.0.1", port: 0, token: nil, respond: respond)
        let address = try #require(server.address)
        let driver = try await EtcdDriver.Factory(ClientSettings(writes: [address], timeout: timeout, absent: .int(0)))
            .open(client: 0)
        return (server, driver)
    }

    @Test func etcdServerErrorsAndTimeoutsLeaveWritesUnknownAndFailReads() async throws {
        let (unavailable, driver) = try await Self.fakeEtcd { _ in ControlResponse(status: .serviceUnavailable, body: "{}") }
        #expect(Self.isInfo(await driver.invoke(Self.write)))
        #expect(Self.isFail(await driver.invoke(Self.read)))
        await unavailable.stop()

        let (slow, late) = try await Self.fakeEtcd(timeout: .milliseconds(300)) { _ in
            try? await Task.sleep(for: .seconds(3))
            return ControlResponse(status: .ok, body: "{}")
        }
        #expect(Self.isInfo(await late.invoke(Self.cas)))
        #expect(Self.isFail(await late.invoke(Self.read)))
        await slow.stop()
    }

    @Test func etcdRefusalsAndUnreachableServersAreFails() async throws {
        let (refusing, driver) = try await Self.fakeEtcd { _ in ControlResponse(status: .badRequest, body: #"{"error":"bad"}"#) }
        #expect(Self.isFail(await driver.invoke(Self.write)))
        await refusing.stop()
        let closed = try Endpoint(parsing: "127.0.0.1:\(try freePortBelowEphemeralRange())")
        let nowhere = try await EtcdDriver.Factory(ClientSettings(writes: [closed])).open(client: 0)
        #expect(await nowhere.invoke(Self.write) == .fail("cannot connect: nothing was sent"))
    }

    @Test func etcdMalformedAnswersLeaveWritesUnknown() async throws {
        let (server, driver) = try await Self.fakeEtcd { _ in ControlResponse(status: .ok, body: "not json") }
        #expect(Self.isInfo(await driver.invoke(Self.write)))
        #expect(Self.isFail(await driver.invoke(Self.read)))
        await server.stop()
    }

    @Test func etcdRequestsAndAnswersFollowTheGateway() async throws {
        let (server, driver) = try await Self.fakeEtcd { request in
            let body = (try? JSONSerialization.jsonObject(with: Data(request.body.utf8))) as? [String: Any] ?? [:]
            switch request.path.joined(separator: "/") {
            case "v3/kv/range":
                // "cas-register" in base64; serializable is left out, as etcd leaves out defaults
                guard body["key"] as? String == "Y2FzLXJlZ2lzdGVy", body["serializable"] == nil else { return .noContent }
                return ControlResponse(status: .ok, body: #"{"header":{"revision":"7"},"kvs":[{"key":"Y2FzLXJlZ2lzdGVy","value":"NA=="}],"count":"1"}"#)
            case "v3/kv/txn":
                return ControlResponse(status: .ok, body: #"{"header":{"revision":"8"}}"#)  // succeeded: false, left out
            default:
                return ControlResponse(status: .ok, body: #"{"header":{}}"#)
            }
        }
        #expect(await driver.invoke(Self.read) == .ok(.int(4)))
        #expect(await driver.invoke(Self.write) == .ok(.int(3)))
        #expect(await driver.invoke(Self.cas) == .fail("the value was not the expected one"))
        await server.stop()
    }
}
