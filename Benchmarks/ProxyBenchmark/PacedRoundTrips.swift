import ArgumentParser
import BlockingSockets
import Foundation
import Synchronization

/// One connection, requests sent at a fixed rate whatever the replies do (open loop), so a
/// delay fault is measured at a steady load rather than at one request per delay: prints the
/// p50 and p99 round trip in microseconds.
struct PacedRoundTrips: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "paced", abstract: "Open-loop PING round trips at a fixed rate.")

    @Option(help: "The port of redis-server or of a proxy in front of it.") var port: Int
    @Option(help: "Requests per second.") var rate = 100.0
    @Option(help: "Seconds to send for.") var seconds = 10.0

    func run() throws {
        let socket = try BlockingSocket.connect(port: port)
        defer { socket.close() }
        let count = Int(rate * seconds)
        let sentAt = Mutex([Double](repeating: 0, count: count))
        let sender = Thread {
            let start = microsecondsNow()
            for index in 0..<count {
                let due = start + Double(index) * 1_000_000 / rate
                let wait = due - microsecondsNow()
                if wait > 0 { usleep(UInt32(wait)) }
                sentAt.withLock { $0[index] = microsecondsNow() }
                try? socket.send(RedisPing.request)
            }
        }
        sender.start()
        var samples: [Double] = []
        try RedisPing.readReplies(from: socket, count: count) { index in
            let now = microsecondsNow()
            samples.append(now - sentAt.withLock { $0[index] })
        }
        let percentiles = Percentiles(samples)
        print("\(percentiles[50]) \(percentiles[99])")
    }
}
