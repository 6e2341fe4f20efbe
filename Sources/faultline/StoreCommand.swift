import ArgumentParser
import FaultlineCore
import FaultlineStore

/// `faultline store`: the embedded Redis-protocol store, the default system under test.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Run the embedded Redis-protocol key-value store until SIGINT or SIGTERM.",
        discussion: """
            Commands: PING, ECHO, GET, SET, DEL, INCR, DECR, INCRBY, CAS key expected new (1 if it \
            set, 0 if not), SADD, SMEMBERS, RPUSH, LPOP, DBSIZE, FLUSHALL, INFO. With \
            --replica-of it follows a primary's writes asynchronously (the link can run through a \
            Faultline proxy), serves reads that may be stale, and refuses writes.
            """
    )

    @Option(help: ArgumentHelp("Where to listen (port 0 picks a free one).", valueName: "host:port"))
    var listen = "127.0.0.1:6380"

    @Option(help: ArgumentHelp("Follow this primary as a replica.", valueName: "host:port"))
    var replicaOf: String?

    func run() async throws {
        let address: Endpoint
        let role: Store.Role
        do {
            address = try Endpoint(parsing: listen)
            role = try replicaOf.map { .replica(of: try Endpoint(parsing: $0)) } ?? .primary
        } catch {
            throw ValidationError("\(error)")
        }
        let store: Store
        do {
            store = try await Store.start(listen: address, role: role)
        } catch {
            StandardError.print("faultline store: cannot listen on \(listen): \(error)")
            throw ExitCode(3)
        }
        let described = if case .replica(let primary) = role { "replica of \(primary)" } else { "primary" }
        StandardError.print("faultline store: \(described), listening on \(store.address?.description ?? listen)")
        let signal = await TerminationSignal.wait()
        StandardError.print("faultline store: signal \(signal): stopping")
        await store.stop()
    }
}
