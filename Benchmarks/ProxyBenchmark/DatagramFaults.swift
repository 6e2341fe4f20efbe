import ArgumentParser

/// What a UDP fault did, as the receiver sees it: sends numbered datagrams through `--via` to a
/// sink of its own and prints, over the datagrams sent, the share lost, the mean length of runs
/// of consecutive losses, the share of extra copies, and the share that arrived before their
/// predecessor.
struct DatagramFaults: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "udp-faults", abstract: "Loss, bursts, duplicates and reordering at the receiver.")

    @OptionGroup var route: DatagramRoute
    @Option(help: "Datagrams to send.") var count = 50_000
    @Option(help: "Datagrams per second.") var rate = 20_000.0

    func run() throws {
        let sink = try DatagramSink(port: route.sinkPort)
        try sendPaced(count: count, size: 64, rate: rate, toPort: route.via)
        let arrivals = sink.stop(after: 1).map(Int.init)
        var arrivedAt = [Int?](repeating: nil, count: count)
        for (position, sequence) in arrivals.enumerated() where sequence < count && arrivedAt[sequence] == nil {
            arrivedAt[sequence] = position
        }
        let delivered = arrivedAt.compactMap { $0 }.count
        var bursts: [Int] = []
        var run = 0
        for position in arrivedAt {
            if position == nil { run += 1 } else if run > 0 { bursts.append(run); run = 0 }
        }
        if run > 0 { bursts.append(run) }
        let aheadOfPredecessor = (1..<count).filter { sequence in
            guard let mine = arrivedAt[sequence], let before = arrivedAt[sequence - 1] else { return false }
            return mine < before
        }.count
        let total = Double(count)
        print(Double(count - delivered) / total,
              bursts.isEmpty ? 0 : Double(bursts.reduce(0, +)) / Double(bursts.count),
              Double(arrivals.count - delivered) / total,
              Double(aheadOfPredecessor) / total)
    }
}
