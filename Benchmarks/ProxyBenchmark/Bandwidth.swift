import ArgumentParser
import BlockingSockets
import Foundation
import Synchronization

/// Offers data as fast as the path takes it through `--via` to a sink of its own on `--sink-port`
/// (the proxy's upstream), and prints the rate the sink received over the measured window, in
/// bytes per second, and how far the proxy's resident memory grew meanwhile (MB) when `--pid`
/// names it. A warm-up comes first, so the window sees the steady state, not the burst that
/// fills the socket buffers.
struct Bandwidth: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Steady-state throughput through a proxy to a local sink.")

    @Option(help: "The proxy's port.") var via: Int
    @Option(help: "The port to receive on: the proxy's upstream.") var sinkPort: Int
    @Option(help: "Seconds to measure.") var seconds = 10.0
    @Option(help: "Seconds to send before measuring.") var warmup = 2.0
    @Option(help: "The proxy's process id, whose memory growth is reported.") var pid: Int32?

    func run() throws {
        let received = Atomic<Int>(0)
        let residentBefore = try pid.map(residentMegabytes(of:)) ?? 0
        let sink = try BlockingServer(port: sinkPort) { socket in
            while case .data(let bytes) = socket.receive(maximum: 1 << 20) {
                received.add(bytes.count, ordering: .relaxed)
            }
            socket.close()
        }
        defer { sink.stop() }
        let socket = try BlockingSocket.connect(port: via)
        let chunk = [UInt8](repeating: 0x5a, count: 64 << 10)
        let sending = Atomic<Bool>(true)
        let sender = Thread {
            while sending.load(ordering: .relaxed), (try? socket.send(chunk)) != nil {}
        }
        sender.start()
        Thread.sleep(forTimeInterval: warmup)
        let (startBytes, startTime) = (received.load(ordering: .relaxed), microsecondsNow())
        var residentPeak = residentBefore
        let end = Date(timeIntervalSinceNow: seconds)
        while Date() < end {
            Thread.sleep(forTimeInterval: min(0.25, max(0, end.timeIntervalSinceNow)))
            residentPeak = max(residentPeak, try pid.map(residentMegabytes(of:)) ?? 0)
        }
        let (endBytes, endTime) = (received.load(ordering: .relaxed), microsecondsNow())
        sending.store(false, ordering: .relaxed)
        socket.reset()
        print(Double(endBytes - startBytes) / ((endTime - startTime) / 1_000_000), residentPeak - residentBefore)
    }
}
