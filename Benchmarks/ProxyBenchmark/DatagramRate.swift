import ArgumentParser

/// Forwarding rate and loss: sends small datagrams at a fixed rate through `--via` to a sink of
/// its own on `--sink-port` (the proxy's upstream; the same port for the direct baseline), and
/// prints datagrams sent, received, and the received rate per second.
struct DatagramRate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "udp-rate", abstract: "Datagrams per second through a UDP proxy.")

    @OptionGroup var route: DatagramRoute
    @Option(help: "Datagrams per second to send.") var rate = 100_000.0
    @Option(help: "Seconds to send for.") var seconds = 5.0
    @Option(help: "Bytes per datagram.") var size = 64

    func run() throws {
        let sink = try DatagramSink(port: route.sinkPort)
        let count = Int(rate * seconds)
        try sendPaced(count: count, size: size, rate: rate, toPort: route.via)
        let received = sink.stop(after: 0.5).count
        print(count, received, Double(received) / seconds)
    }
}
