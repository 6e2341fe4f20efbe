import ArgumentParser
import BlockingSockets
import Foundation
import Synchronization

/// Receives datagrams on a port of the loopback address on a thread of its own, keeping the
/// first four bytes of each (a sequence number) in arrival order, until stopped.
final class DatagramSink: Sendable {
    private let socket: BlockingDatagramSocket
    private let arrivals = Mutex<[UInt32]>([])
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(port: Int) throws {
        socket = try BlockingDatagramSocket(port: port)
        socket.setReceiveTimeout(milliseconds: 100)
        Thread.detachNewThread { [self] in
            while !stopped.load(ordering: .relaxed) {
                guard let (bytes, _) = socket.receive() else { continue }
                let sequence = bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                arrivals.withLock { $0.append(sequence) }
            }
            socket.close()
            finished.signal()
        }
    }

    /// Waits `drain` seconds for datagrams still in flight, then stops and returns the arrivals.
    func stop(after drain: TimeInterval) -> [UInt32] {
        Thread.sleep(forTimeInterval: drain)
        stopped.store(true, ordering: .relaxed)
        finished.wait()
        return arrivals.withLock { $0 }
    }
}

/// Sends `count` datagrams of `size` bytes (each starting with its sequence number) to `port`,
/// at `rate` per second, in bursts of one millisecond's worth.
func sendPaced(count: Int, size: Int, rate: Double, toPort port: Int) throws {
    let socket = try BlockingDatagramSocket()
    defer { socket.close() }
    var datagram = [UInt8](repeating: 0x2a, count: max(size, 4))
    let start = Date()
    for sequence in 0..<count {
        if sequence % max(1, Int(rate / 1_000)) == 0 {
            let due = start.addingTimeInterval(Double(sequence) / rate)
            let wait = due.timeIntervalSinceNow
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
        }
        withUnsafeBytes(of: UInt32(sequence).bigEndian) { datagram.replaceSubrange(0..<4, with: $0) }
        socket.send(datagram, toPort: port)
    }
}

/// Where datagrams go: to the proxy's port, and on to a sink on the proxy's upstream port (the
/// same port for the direct baseline).
struct DatagramRoute: ParsableArguments {
    @Option(help: "The proxy's port.") var via: Int
    @Option(help: "The port to receive on: the proxy's upstream.") var sinkPort: Int
}
