import FaultlineCore
import NIOCore
import Testing
@testable import FaultlineProxy

private func bytes(_ count: Int, fill: UInt8 = 0xab) -> ByteBuffer {
    ByteBuffer(bytes: Array(repeating: fill, count: count))
}

private func at(_ milliseconds: Int64) -> NIODeadline { .uptimeNanoseconds(UInt64(1_000_000_000 + milliseconds * 1_000_000)) }

private func times(_ emissions: [Emission]) -> [Int64] {
    emissions.map { (Int64($0.time.uptimeNanoseconds) - 1_000_000_000) / 1_000_000 }
}

@Suite struct LatencyStageTests {
    @Test func delaysCountFromEachArrivalAndDoNotPileUp() {
        var stage = LatencyStage(Latency(delay: .milliseconds(50)), random: SeededRandom(seed: 1))
        let first = stage.receive(bytes(10), at: at(0))
        let second = stage.receive(bytes(10), at: at(5))
        let third = stage.receive(bytes(10), at: at(200))
        #expect(times(first + second + third) == [50, 55, 250])
        #expect(times(stage.endOfStream(at: at(300))) == [350])
    }

    @Test func jitterNeverReordersAStream() {
        var stage = LatencyStage(Latency(delay: .milliseconds(20), jitter: .milliseconds(15), distribution: .normal),
                                 random: SeededRandom(seed: 2))
        let departures = (0..<2_000).flatMap { stage.receive(bytes(1), at: at(Int64($0))) }.map(\.time)
        #expect(zip(departures, departures.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test(arguments: [Latency.Distribution.uniform, .normal, .pareto, .paretonormal])
    func distributionsHaveTheConfiguredMeanAndSpread(_ distribution: Latency.Distribution) {
        var stage = LatencyStage(Latency(delay: .milliseconds(100), jitter: .milliseconds(10), distribution: distribution),
                                 random: SeededRandom(seed: 3))
        let delays = (0..<50_000).map { _ in Double(stage.nextDelay().nanoseconds) / 1e6 }
        let mean = delays.reduce(0, +) / Double(delays.count)
        let deviation = (delays.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(delays.count)).squareRoot()
        #expect(abs(mean - 100) < 0.5, "mean \(mean)")
        // uniform over ±10 ms has deviation 10/√3; the others are standardized to the jitter.
        let expected = distribution == .uniform ? 10 / 3.0.squareRoot() : 10
        #expect(abs(deviation - expected) < expected * 0.08, "deviation \(deviation)")
        #expect(delays.allSatisfy { $0 >= 0 })
    }

    @Test func correlationMakesConsecutiveDelaysAlike() throws {
        func lagOneCorrelation(_ correlation: Double) throws -> Double {
            var stage = LatencyStage(Latency(delay: .milliseconds(100), jitter: .milliseconds(10),
                                             correlation: try Probability(correlation)), random: SeededRandom(seed: 4))
            let delays = (0..<20_000).map { _ in Double(stage.nextDelay().nanoseconds) }
            let mean = delays.reduce(0, +) / Double(delays.count)
            let pairs = zip(delays, delays.dropFirst()).map { ($0 - mean) * ($1 - mean) }.reduce(0, +)
            let variance = delays.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
            return pairs / variance
        }
        #expect(abs(try lagOneCorrelation(0)) < 0.05)
        #expect(try lagOneCorrelation(0.75) > 0.6)
    }
}

@Suite struct BandwidthStageTests {
    @Test func bytesLeaveAtTheConfiguredRate() throws {
        var stage = BandwidthStage(Bandwidth(rate: try ByteRate(parsing: "100KB/s")))
        let emissions = stage.receive(bytes(10_000), at: at(0))
        #expect(emissions.count == 10)
        #expect(times(emissions) == [10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
        #expect(emissions.map { if case .data(let data, _) = $0 { data.readableBytes } else { 0 } }.reduce(0, +) == 10_000)
        // The link is busy until 100 ms: data arriving at 50 ms waits its turn.
        #expect(times(stage.receive(bytes(1_000), at: at(50))) == [110])
        #expect(times(stage.receive(bytes(1_000), at: at(500))) == [510])
        #expect(times(stage.endOfStream(at: at(505))) == [510])
    }

    @Test(arguments: ["1KB/s", "64KiB/s", "1MB/s", "100Mbit/s", "1GB/s"])
    func longRunRateIsExact(rate: String) throws {
        let parsed = try ByteRate(parsing: rate)
        var stage = BandwidthStage(Bandwidth(rate: parsed))
        let total = Int(parsed.bytesPerSecond * 10)
        var sent = 0
        var last = at(0)
        while sent < total {
            let chunk = min(65_536, total - sent)
            last = stage.receive(bytes(chunk), at: at(0)).last?.time ?? last
            sent += chunk
        }
        let seconds = Double(last.uptimeNanoseconds - at(0).uptimeNanoseconds) / 1e9
        #expect(abs(seconds - 10) < 0.01, "\(seconds) s for 10 s of traffic")
    }
}

@Suite struct ConnectionFaultStageTests {
    @Test func slicerCutsDataIntoDelayedSlices() {
        var stage = SlicerStage(Slicer(averageSize: ByteCount(bytes: 10), sizeVariation: ByteCount(bytes: 3),
                                       delay: .milliseconds(1)), random: SeededRandom(seed: 5))
        let slices = stage.receive(bytes(1_000), at: at(0))
        let sizes = slices.map { if case .data(let data, _) = $0 { data.readableBytes } else { 0 } }
        #expect(sizes.reduce(0, +) == 1_000)
        #expect(sizes.dropLast().allSatisfy { (7...13).contains($0) })
        #expect(times(slices) == Array(0..<Int64(slices.count)))
    }

    @Test func slowCloseHoldsTheFINBack() {
        var stage = SlowCloseStage(fault: SlowClose(delay: .seconds(2)))
        #expect(times(stage.receive(bytes(5), at: at(10))) == [10])
        #expect(stage.endOfStream(at: at(20)) == [.endOfStream(at: at(2_020))])
    }

    @Test func timeoutSilencesAndThenCloses() {
        var stage = TimeoutStage(fault: Timeout(after: .seconds(1)))
        #expect(stage.open(at: at(0)) == [.close(at: at(1_000))])
        #expect(stage.receive(bytes(5), at: at(10)).isEmpty)
        #expect(stage.endOfStream(at: at(20)).isEmpty)
        var forever = TimeoutStage(fault: Timeout())
        #expect(forever.open(at: at(0)).isEmpty)
    }

    @Test func resetPeerResetsAfterItsDelayOrAtTheFirstData() {
        var delayed = ResetPeerStage(ResetPeer(after: .milliseconds(500)))
        #expect(delayed.open(at: at(0)) == [.reset(at: at(500))])
        #expect(times(delayed.receive(bytes(3), at: at(100))) == [100])
        var immediate = ResetPeerStage(ResetPeer())
        #expect(immediate.open(at: at(0)).isEmpty)
        #expect(immediate.receive(bytes(3), at: at(40)) == [.reset(at: at(40))])
    }

    @Test func limitDataPassesTheLimitThenCloses() {
        var stage = LimitDataStage(LimitData(bytes: ByteCount(bytes: 10)))
        #expect(stage.receive(bytes(6), at: at(0)) == [.data(bytes(6), at: at(0))])
        #expect(stage.receive(bytes(6), at: at(1)) == [.data(bytes(4), at: at(1)), .close(at: at(1))])
        #expect(stage.receive(bytes(6), at: at(2)).isEmpty)
    }

    @Test func blackholeDiscardsDataButNotTheClose() {
        var stage = BlackholeStage()
        #expect(stage.receive(bytes(100), at: at(0)).isEmpty)
        #expect(stage.endOfStream(at: at(1)) == [.endOfStream(at: at(1))])
    }

    @Test func corruptFlipsExactlyOneBitWithTheGivenProbability() throws {
        var stage = CorruptStage(Corrupt(probability: try Probability(0.25)), random: SeededRandom(seed: 6))
        var corrupted = 0
        for _ in 0..<4_000 {
            guard case .data(let out, _) = stage.receive(bytes(64, fill: 0), at: at(0)).first else { continue }
            let flipped = out.readableBytesView.map { $0.nonzeroBitCount }.reduce(0, +)
            #expect(flipped <= 1)
            corrupted += flipped
        }
        #expect((900...1_100).contains(corrupted))
    }
}

@Suite struct FaultPipelineTests {
    @Test func stagesRunInOrderAndAnEarlyCloseWaitsForDelayedData() {
        var pipeline = FaultPipeline([LimitDataStage(LimitData(bytes: ByteCount(bytes: 4))),
                                      LatencyStage(Latency(delay: .milliseconds(30)), random: SeededRandom(seed: 7))])
        let out = pipeline.receive(bytes(10), at: at(0))
        #expect(out == [.data(bytes(4), at: at(30)), .close(at: at(30))])
    }

    @Test func stageTimersFireAtTheirOwnTime() {
        var pipeline = FaultPipeline([ResetPeerStage(ResetPeer(after: .seconds(2))), SlowCloseStage(fault: SlowClose(delay: .seconds(1)))])
        #expect(pipeline.open(at: at(0)) == [.reset(at: at(2_000))])
        #expect(pipeline.endOfStream(at: at(100)) == [.endOfStream(at: at(1_100))])
    }
}
