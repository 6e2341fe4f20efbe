import BlockingSockets
import FaultlineCore
import FaultlineProxy
import Testing
@testable import FaultlineStore

/// A RESP connection to a store: sends commands, reads one reply per command.
struct RESPConnection {
    let socket: BlockingSocket
    private var parser = RESPParser()

    init(port: Int) async throws {
        socket = try await blocking { try BlockingSocket.connect(port: port) }
    }

    mutating func call(_ words: String...) async throws -> RESPValue? {
        try socket.send(RESPValue.command(words).encoded)
        return try await reply()
    }

    mutating func reply() async throws -> RESPValue? {
        while true {
            if let value = try parser.next() { return value }
            let socket = socket
            guard case .data(let bytes) = try await blocking({ socket.receive() }) else { return nil }
            parser.append(bytes)
        }
    }
}

/// A primary, a replica following it through a proxy named "replication", and a connection to each.
struct ReplicatedStores {
    let primary: Store
    let replica: Store
    let registry: ProxyRegistry
    var writer: RESPConnection
    var reader: RESPConnection

    static func start() async throws -> ReplicatedStores {
        let anyPort = StoreServerTests.anyPort
        let primary = try await Store.start(listen: anyPort)
        let registry = ProxyRegistry(seed: 1)
        let link = try await registry.create(ProxySpec(name: "replication", listen: anyPort, upstream: try #require(primary.address)))
        let replica = try await Store.start(listen: anyPort, role: .replica(of: try #require(link.listening)))
        return ReplicatedStores(primary: primary, replica: replica, registry: registry,
                                writer: try await RESPConnection(port: Int(try #require(primary.address).port)),
                                reader: try await RESPConnection(port: Int(try #require(replica.address).port)))
    }

    func stop() async {
        writer.socket.close()
        reader.socket.close()
        await replica.stop()
        await registry.shutdown()
        await primary.stop()
    }
}

@Suite(.serialized) struct StoreServerTests {
    static let anyPort = Endpoint(host: .ipv4("127.0.0.1"), port: 0)

    @Test func answersClientsOverTheRedisProtocol() async throws {
        let store = try await Store.start(listen: Self.anyPort)
        var connection = try await RESPConnection(port: Int(try #require(store.address).port))
        #expect(try await connection.call("PING") == .simpleString("PONG"))
        #expect(try await connection.call("set", "k", "v") == .ok)
        #expect(try await connection.call("GET", "k") == .bulk("v"))
        #expect(try await connection.call("CAS", "k", "v", "w") == .integer(1))
        let info = try await connection.call("INFO")
        guard case .bulkString(let text?) = info else { Issue.record("INFO answered \(String(describing: info))"); return }
        #expect(String(decoding: text, as: UTF8.self).contains("role:master"))
        // Inline commands, as telnet and nc send them.
        try connection.socket.send("GET k\r\n")
        #expect(try await connection.reply() == .bulk("w"))
        // A protocol error is answered, then the connection closes.
        try connection.socket.send("*1\r\n!x\r\n")
        #expect(try await connection.reply() == .error("ERR Protocol error: expected '$', got '!'"))
        #expect(try await connection.reply() == nil)
        connection.socket.close()
        await store.stop()
    }

    /// The demo's stale read: a replica follows its primary through a proxy; while the
    /// replication link is partitioned, the replica keeps answering with old data; healed, it
    /// catches up.
    @Test func aReplicaBehindAPartitionedLinkServesStaleReadsThenCatchesUp() async throws {
        var stores = try await ReplicatedStores.start()

        #expect(try await stores.writer.call("SET", "x", "1") == .ok)
        try await eventually { try await stores.reader.call("GET", "x") == .bulk("1") }
        #expect(try await stores.reader.call("SET", "x", "9") == .error("READONLY You can't write against a read only replica."))

        try await stores.registry.partition(Partition(proxies: .all, mode: .drop))
        #expect(try await stores.writer.call("SET", "x", "2") == .ok)
        try await Task.sleep(for: .milliseconds(200))
        #expect(try await stores.reader.call("GET", "x") == .bulk("1"), "a stale read while the link is partitioned")

        try await stores.registry.heal(.all)
        try await eventually { try await stores.reader.call("GET", "x") == .bulk("2") }
        await stores.stop()
    }

    @Test func aReplicaResynchronizesAfterItsLinkBreaks() async throws {
        var stores = try await ReplicatedStores.start()
        #expect(try await stores.writer.call("RPUSH", "q", "a") == .integer(1))
        try await eventually { try await stores.reader.call("DBSIZE") == .integer(1) }

        try await stores.registry.partition(Partition(proxies: .all, mode: .reject))  // resets the link
        #expect(try await stores.writer.call("RPUSH", "q", "b") == .integer(2))
        #expect(try await stores.writer.call("SADD", "s", "m") == .integer(1))
        try await stores.registry.heal(.all)
        try await eventually { try await stores.reader.call("SMEMBERS", "s") == .array([.bulk("m")]) }
        #expect(try await stores.reader.call("LPOP", "q") == .error("READONLY You can't write against a read only replica."))
        await stores.stop()
    }

    /// A command on a closed connection fails at once, as never sent, instead of waiting forever.
    @Test func aCallOnAClosedConnectionFailsAtOnce() async throws {
        let store = try await Store.start(listen: Self.anyPort)
        let client = try await RESPClient.connect(to: try #require(store.address))
        #expect(try await client.call(["PING"], timeout: .seconds(1)) == .simpleString("PONG"))
        await store.stop()
        await client.close()
        await #expect(throws: RESPClient.CallError.notSent) { try await client.call(["PING"], timeout: .seconds(30)) }
    }

    /// Polls `condition` until it holds, for up to 10 s.
    func eventually(_ condition: () async throws -> Bool) async throws {
        for _ in 0..<1_000 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the condition never held")
    }
}
