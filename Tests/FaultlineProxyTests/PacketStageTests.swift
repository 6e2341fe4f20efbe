import FaultlineCore
import NIOCore
import Testing
@testable import FaultlineProxy

/// Runs `count` datagrams, one a millisecond, through a packet pipeline built from `faults` with
/// a fixed seed, and returns what left (tagged with each datagram's sequence number) and the tally.
private func run(_ faults: [FaultSpec], count: Int = 50_000, seed: UInt64 = 2026)
    -> (departures: [(sequence: Int, time: NIODeadline, bytes: ByteBuffer)], tally: PacketTally) {
    let random = SeededRandom(seed: seed)
    var pipeline = PacketPipeline(faults.compactMap { fault in
        fault.packetStage(random: random.derived(fault.name)).map { (fault.kind.type, $0) }
    })
    var tally = PacketTally()
    var departures: [(Int, NIODeadline, ByteBuffer)] = []
    for sequence in 0..<count {
        var datagram = ByteBuffer()
        datagram.writeInteger(UInt32(sequence))
        let arrival = NIODeadline.uptimeNanoseconds(1_000_000_000 + UInt64(sequence) * 1_000_000)
        for (bytes, time) in pipeline.receive(datagram, at: arrival, tally: &tally) {
            departures.append((sequence, time, bytes))
        }
    }
    return (departures, tally)
}

@Suite struct PacketStageTests {
    @Test func bernoulliLossDropsItsShare() throws {
        let (departures, tally) = run([FaultSpec(kind: .loss(.bernoulli(probability: try Probability(0.2), correlation: .never)))])
        let lost = Double(50_000 - departures.count) / 50_000
        #expect(lost > 0.19 && lost < 0.21)
        #expect(tally.dropped[.loss] == 50_000 - departures.count)
    }

    /// With h = 0 every datagram in the bad state is lost and with k = 1 none in the good state,
    /// so a burst lasts as long as the bad state: 1/r datagrams on average.
    @Test func gilbertElliottBurstsLastOneOverROnAverage() throws {
        let loss = Loss.gilbertElliott(p: try Probability(0.02), r: try Probability(0.25), h: .never, k: .always)
        let (departures, _) = run([FaultSpec(kind: .loss(loss))])
        let delivered = Set(departures.map(\.sequence))
        var bursts: [Int] = []
        var current = 0
        for sequence in 0..<50_000 {
            if delivered.contains(sequence) {
                if current > 0 { bursts.append(current) }
                current = 0
            } else {
                current += 1
            }
        }
        let mean = Double(bursts.reduce(0, +)) / Double(bursts.count)
        #expect(abs(mean - 4) / 4 < 0.1, "mean burst \(mean) over \(bursts.count) bursts")
    }

    @Test func duplicateSendsItsShareTwice() throws {
        let (departures, tally) = run([FaultSpec(kind: .duplicate(Duplicate(probability: try Probability(0.1))))])
        let duplicated = Double(departures.count - 50_000) / 50_000
        #expect(duplicated > 0.09 && duplicated < 0.11)
        #expect(tally.duplicated == departures.count - 50_000)
    }

    /// netem's gap: after gap - 1 held datagrams, each next one goes at once with probability P,
    /// so the share sent at once is P / (1 + (gap - 1)·P). Held ones wait 10 ms while datagrams
    /// come every millisecond, so each one sent at once arrives ahead of an earlier one.
    @Test(arguments: [1, 5])
    func reorderSendsItsShareAheadOfHeldDatagrams(gap: Int) throws {
        let probability = 0.25
        let reorder = Reorder(probability: try Probability(probability), gap: gap, delay: .milliseconds(10))
        let (departures, tally) = run([FaultSpec(kind: .reorder(reorder))])
        let expected = probability / (1 + Double(gap - 1) * probability)
        let received = departures.sorted { ($0.time, $0.sequence) < ($1.time, $1.sequence) }.map(\.sequence)
        var highest = -1
        var outOfOrder = 0
        for sequence in received {
            if sequence < highest { outOfOrder += 1 }
            highest = max(highest, sequence)
        }
        let ahead = Double(tally.reordered) / 50_000
        #expect(abs(ahead - expected) < 0.01, "sent ahead \(ahead), expected \(expected)")
        // Each datagram sent ahead makes the held ones it overtook arrive after a later one.
        #expect(outOfOrder > 0 && tally.reordered <= outOfOrder)
    }

    @Test func corruptFlipsOneBitOfItsShare() throws {
        let (departures, tally) = run([FaultSpec(kind: .corrupt(Corrupt(probability: try Probability(0.05))))])
        #expect(departures.count == 50_000)
        let altered = departures.filter { $0.bytes.getInteger(at: 0, as: UInt32.self) != UInt32($0.sequence) }
        #expect(altered.count == tally.corrupted)
        #expect(Double(altered.count) / 50_000 > 0.045 && Double(altered.count) / 50_000 < 0.055)
        for datagram in altered {
            let difference = (datagram.bytes.getInteger(at: 0, as: UInt32.self) ?? 0) ^ UInt32(datagram.sequence)
            #expect(difference.nonzeroBitCount == 1)
        }
    }

    @Test func largeJitterMayReorderDatagrams() throws {
        let latency = Latency(delay: .milliseconds(20), jitter: .milliseconds(10), distribution: .uniform)
        let (departures, _) = run([FaultSpec(kind: .latency(latency))], count: 1_000)
        #expect(departures.map(\.sequence) == Array(0..<1_000))
        let sorted = departures.sorted { $0.time < $1.time }.map(\.sequence)
        #expect(sorted != Array(0..<1_000))
    }

    @Test func bandwidthQueuesThenDropsAndCountsTheDrops() throws {
        // 64 KB/s for 1,000-byte datagrams every millisecond (1 MB/s): the 1 MiB queue fills,
        // then all but about one in sixteen is dropped.
        let random = SeededRandom(seed: 1)
        var pipeline = PacketPipeline([(.bandwidth, try #require(FaultSpec(kind: .bandwidth(Bandwidth(rate: try ByteRate(parsing: "64KB/s"))))
            .packetStage(random: random)))])
        var tally = PacketTally()
        var sent: [NIODeadline] = []
        for index in 0..<5_000 {
            let arrival = NIODeadline.uptimeNanoseconds(UInt64(index) * 1_000_000)
            sent += pipeline.receive(ByteBuffer(repeating: 0, count: 1_000), at: arrival, tally: &tally).map(\.1)
        }
        #expect(tally.dropped[.bandwidth, default: 0] + sent.count == 5_000)
        #expect(tally.dropped[.bandwidth, default: 0] > 3_000)
        let spacing = zip(sent.dropFirst(), sent).map { $0.0.uptimeNanoseconds - $0.1.uptimeNanoseconds }
        #expect(spacing.allSatisfy { $0 == 1_000 * 1_000_000_000 / 64_000 })
    }

    @Test func blackholeDropsEveryDatagramAndCountsThem() {
        let (departures, tally) = run([FaultSpec(kind: .blackhole)], count: 100)
        #expect(departures.isEmpty)
        #expect(tally.dropped == [.blackhole: 100])
    }

    @Test func theSameSeedGivesTheSameDecisions() throws {
        let faults = [FaultSpec(kind: .loss(.bernoulli(probability: try Probability(0.3), correlation: try Probability(0.25)))),
                      FaultSpec(kind: .duplicate(Duplicate(probability: try Probability(0.1))))]
        #expect(run(faults, count: 2_000).departures.map(\.sequence) == run(faults, count: 2_000).departures.map(\.sequence))
        #expect(run(faults, count: 2_000).departures.map(\.sequence) != run(faults, count: 2_000, seed: 9).departures.map(\.sequence))
    }
}
