import ArgumentParser

/// Measurement clients for scripts/bench-proxy: each subcommand drives one kind of traffic at a
/// port (a proxy, or the server itself for the direct baseline) and prints one line of figures.
@main
struct ProxyBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faultline-bench-proxy",
        abstract: "Measure round trips, paced latency, bandwidth and idle connections through a proxy.",
        subcommands: [RoundTrips.self, PacedRoundTrips.self, Bandwidth.self, IdleConnections.self, DatagramRate.self, DatagramFaults.self]
    )
}
