import ArgumentParser
import BlockingSockets

/// One connection, one request at a time (like `redis-benchmark -c 1`): prints the p50 and p99
/// round trip in microseconds.
struct RoundTrips: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rtt", abstract: "Closed-loop PING round trips on one connection.")

    @Option(help: "The port of redis-server or of a proxy in front of it.") var port: Int
    @Option(help: "Round trips to time (after 1,000 untimed ones).") var requests = 20_000

    func run() throws {
        let socket = try BlockingSocket.connect(port: port)
        defer { socket.close() }
        var samples: [Double] = []
        samples.reserveCapacity(requests)
        for index in 0..<(1_000 + requests) {
            let start = microsecondsNow()
            try socket.send(RedisPing.request)
            try RedisPing.readReplies(from: socket, count: 1) { _ in }
            if index >= 1_000 { samples.append(microsecondsNow() - start) }
        }
        let percentiles = Percentiles(samples)
        print("\(percentiles[50]) \(percentiles[99])")
    }
}
