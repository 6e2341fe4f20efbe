import ArgumentParser
import BlockingSockets
import Foundation

/// Opens many connections through a proxy to redis-server, proves each alive with a PING, holds
/// them idle, proves them alive again, and prints how many were opened, how many answered at the
/// end, and the proxy process's resident memory (MB) while they were held.
struct IdleConnections: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "idle", abstract: "Hold many idle connections open through a proxy.")

    @Option(help: "The proxy's port (in front of redis-server).") var port: Int
    @Option(help: "Connections to hold.") var connections = 5_000
    @Option(help: "Seconds to hold them idle.") var hold = 5.0
    @Option(help: "The proxy's process id, whose resident memory is reported.") var pid: Int32

    func run() throws {
        var sockets: [BlockingSocket] = []
        sockets.reserveCapacity(connections)
        defer { sockets.forEach { $0.close() } }
        for _ in 0..<connections {
            let socket = try BlockingSocket.connect(port: port)
            try ping(socket)
            sockets.append(socket)
        }
        Thread.sleep(forTimeInterval: hold)
        let residentMegabytes = try residentMegabytes(of: pid)
        let alive = sockets.filter { (try? ping($0)) != nil }.count
        print("\(sockets.count) \(alive) \(residentMegabytes)")
    }

    private func ping(_ socket: BlockingSocket) throws {
        try socket.send(RedisPing.request)
        try RedisPing.readReplies(from: socket, count: 1) { _ in }
    }
}
