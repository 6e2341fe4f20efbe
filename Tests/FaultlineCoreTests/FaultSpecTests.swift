import FaultlineCore
import Testing

@Suite struct FaultSpecTests {
    @Test func defaultNamesFollowToxiproxy() {
        let latency = FaultSpec(direction: .upstream, kind: .latency(Latency(delay: .milliseconds(5))))
        #expect(latency.name == "latency_upstream")
        #expect(FaultSpec(direction: .both, kind: .blackhole).name == "blackhole")
        #expect(FaultSpec(kind: .connectDelay(ConnectDelay(delay: .seconds(1)))).name == "connect_delay")
        #expect(FaultSpec(kind: .blackhole).direction == .downstream)
    }

    @Test func faultsMustFitTheTransport() {
        let loss = FaultSpec(kind: .loss(.bernoulli(probability: .always, correlation: .never)))
        #expect(loss.problems(on: .udp).isEmpty)
        #expect(loss.problems(on: .tcp).map(\.field) == ["type"])
        let reset = FaultSpec(kind: .resetPeer(ResetPeer()))
        #expect(reset.problems(on: .udp).first?.message.contains("only to tcp proxies") == true)
    }

    @Test func crossFieldRulesNameTheirField() {
        let slicer = FaultSpec(kind: .slicer(Slicer(averageSize: ByteCount(bytes: 10), sizeVariation: ByteCount(bytes: 10))))
        #expect(slicer.problems(on: .tcp).map(\.field) == ["size_variation"])
        let reorder = FaultSpec(kind: .reorder(Reorder(probability: .always, gap: 0, delay: .zero)))
        #expect(reorder.problems(on: .udp).map(\.field) == ["gap", "delay"])
        let slow = FaultSpec(kind: .bandwidth(Bandwidth(rate: ByteRate(bytesPerSecond: 0.5))))
        #expect(slow.problems(on: .tcp).map(\.field) == ["rate"])
    }

    @Test func scheduleOffsetsResolveAfterAgainstThePreviousStep() {
        let steps = [
            ScheduleStep(start: .at(.seconds(10)), action: .heal(.all)),
            ScheduleStep(start: .after(.seconds(5)), action: .heal(.all)),
            ScheduleStep(start: .at(.seconds(2)), action: .heal(.all)),
            ScheduleStep(start: .after(.seconds(1)), action: .heal(.all)),
        ]
        #expect(ScheduleStep.startOffsets(of: steps) == [.seconds(10), .seconds(15), .seconds(2), .seconds(3)])
    }
}
