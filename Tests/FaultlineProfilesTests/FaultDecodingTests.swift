import FaultlineCore
import FaultlineProfiles
import Testing

@Suite struct FaultDecodingTests {
    @Test func latency() throws {
        let fault = try decodeFault("""
            - type: latency
              delay: 50ms
              jitter: 10ms
              distribution: normal
              correlation: 25%
              direction: both
            """)
        #expect(fault.kind == .latency(Latency(delay: .milliseconds(50), jitter: .milliseconds(10),
                                               distribution: .normal, correlation: try Probability(0.25))))
        #expect(fault.direction == .both)
        #expect(fault.name == "latency")
        #expect(fault.toxicity == .always)
    }

    @Test func bandwidth() throws {
        let fault = try decodeFault("- {type: bandwidth, rate: 1MB/s, direction: upstream, toxicity: 50%}")
        #expect(fault.kind == .bandwidth(Bandwidth(rate: ByteRate(bytesPerSecond: 1e6))))
        #expect(fault.name == "bandwidth_upstream")
        #expect(fault.toxicity == (try Probability(0.5)))
    }

    @Test func connectionFaults() throws {
        #expect(try decodeFault("- {type: slow_close, delay: 2s}").kind == .slowClose(SlowClose(delay: .seconds(2))))
        #expect(try decodeFault("- {type: timeout, after: 1s}").kind == .timeout(Timeout(after: .seconds(1))))
        #expect(try decodeFault("- {type: timeout}").kind == .timeout(Timeout(after: .zero)))
        #expect(try decodeFault("- {type: reset_peer, after: 2s}").kind == .resetPeer(ResetPeer(after: .seconds(2))))
        #expect(try decodeFault("- {type: limit_data, bytes: 64KiB}").kind == .limitData(LimitData(bytes: ByteCount(bytes: 65_536))))
        #expect(try decodeFault("- {type: connect_delay, delay: 300ms}").kind == .connectDelay(ConnectDelay(delay: .milliseconds(300))))
        #expect(try decodeFault("- {type: blackhole, direction: upstream}").kind == .blackhole)
        #expect(try decodeFault("- {type: reject}").kind == .reject)
        #expect(try decodeFault("- {type: corrupt, probability: 1%}").kind == .corrupt(Corrupt(probability: try Probability(0.01))))
    }

    @Test func slicer() throws {
        let fault = try decodeFault("- {type: slicer, average_size: 64B, size_variation: 16B, delay: 1ms}")
        #expect(fault.kind == .slicer(Slicer(averageSize: ByteCount(bytes: 64), sizeVariation: ByteCount(bytes: 16),
                                             delay: .milliseconds(1))))
    }

    @Test func bernoulliLoss() throws {
        let fault = try decodeFault("- {type: loss, probability: 20%, correlation: 10%}", protocol: "udp")
        #expect(fault.kind == .loss(.bernoulli(probability: try Probability(0.2), correlation: try Probability(0.1))))
    }

    @Test func gilbertElliottLossWithNetemDefaults() throws {
        let full = try decodeFault("- {type: loss, model: gilbert-elliott, p: 1%, r: 10%, h: 20%, k: 99%}", protocol: "udp")
        #expect(full.kind == .loss(.gilbertElliott(p: try Probability(0.01), r: try Probability(0.1),
                                                   h: try Probability(0.2), k: try Probability(0.99))))
        let defaults = try decodeFault("- {type: loss, model: gilbert-elliott, p: 5%}", protocol: "udp")
        #expect(defaults.kind == .loss(.gilbertElliott(p: try Probability(0.05), r: try Probability(0.95),
                                                       h: .never, k: .always)))
    }

    @Test func duplicateAndReorder() throws {
        #expect(try decodeFault("- {type: duplicate, probability: 10%, correlation: 5%}", protocol: "udp").kind
            == .duplicate(Duplicate(probability: try Probability(0.1), correlation: try Probability(0.05))))
        #expect(try decodeFault("- {type: reorder, probability: 25%, gap: 5, delay: 10ms}", protocol: "udp").kind
            == .reorder(Reorder(probability: try Probability(0.25), gap: 5, delay: .milliseconds(10))))
    }

    /// What `parameters` writes, `decode` reads back into the same fault, for every type.
    @Test(arguments: [
        ("tcp", "{type: latency, delay: 50ms, jitter: 1500us, distribution: pareto, correlation: 25%}"),
        ("tcp", "{type: bandwidth, rate: 1.5MB/s}"), ("tcp", "{type: slow_close, delay: 2s}"),
        ("tcp", "{type: timeout, after: 0s}"), ("tcp", "{type: reset_peer, after: 100ms}"),
        ("tcp", "{type: slicer, average_size: 1KiB, size_variation: 100B, delay: 10us}"),
        ("tcp", "{type: limit_data, bytes: 3MiB}"), ("tcp", "{type: connect_delay, delay: 1s}"),
        ("tcp", "{type: blackhole}"), ("tcp", "{type: reject}"), ("udp", "{type: noop}"),
        ("udp", "{type: loss, probability: 12.5%, correlation: 1%}"),
        ("udp", "{type: loss, model: gilbert-elliott, p: 2%, r: 25%, h: 10%, k: 99.5%}"),
        ("udp", "{type: duplicate, probability: 10%}"), ("udp", "{type: reorder, probability: 25%, gap: 3, delay: 10ms}"),
        ("udp", "{type: corrupt, probability: 0.1%}"),
    ])
    func parametersReadBackIntoTheSameFault(transport: String, yaml: String) throws {
        let fault = try decodeFault("- \(yaml)", protocol: transport)
        let written = fault.parameters.map { "\($0.key): '\($0.value)'" }
        let flow = fault.kind.type.actsOnConnections ? [] : ["direction: \(fault.direction.rawValue)"]
        let again = try decodeFault("- {\((["type: \(fault.kind.type.rawValue)"] + flow + written).joined(separator: ", "))}",
                                    protocol: transport)
        #expect(again == fault)
    }

    @Test func everyFaultTypeIsCovered() {
        #expect(FaultType.allCases.count == 15)
    }
}
