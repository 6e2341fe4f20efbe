import FaultlineCore
import FaultlineProfiles
import Testing

/// Whatever the input, decoding ends in a profile or in located diagnostics, never a crash.
@Suite struct RobustnessTests {
    static let sample = """
        seed: 42
        proxies:
          - name: redis
            listen: 127.0.0.1:16379
            upstream: "127.0.0.1:6379"
            faults:
              - {type: latency, delay: 50ms, jitter: 10ms, distribution: normal, direction: both}
              - type: bandwidth
                rate: 1MB/s
        schedule:
          - at: 10s
            partition: { proxies: [redis], mode: drop }
          - every: 30s
            for: 10s
            add: { proxy: redis, fault: { type: latency, name: x, delay: 500ms } }
        """

    @Test func everyTruncationIsAnErrorOrAProfile() {
        let characters = Array(Self.sample)
        for length in 0..<characters.count {
            let outcome = problems(in: String(characters[..<length]))
            #expect(outcome.allSatisfy { $0.location != nil })
        }
    }

    @Test func garbledDocumentsGiveLocatedErrors() {
        var random = SeededRandom(seed: 2026)
        let noise = Array("{}[]:-,'\"#&*!|>%@` \n\t\u{0}é🙂x1")
        var failures = 0
        for _ in 0..<2_000 {
            var characters = Array(Self.sample)
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let position = Int.random(in: 0..<characters.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: characters[position] = noise.randomElement(using: &random) ?? "x"
                case 1: characters.remove(at: position)
                default: characters.insert(noise.randomElement(using: &random) ?? "x", at: position)
                }
            }
            let outcome = problems(in: String(characters))
            #expect(outcome.allSatisfy { $0.location != nil && !$0.message.isEmpty })
            if !outcome.isEmpty { failures += 1 }
        }
        #expect(failures > 1_000)
    }

    @Test func aliasBombsAreBounded() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let found = problems(in: yaml)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("after expanding aliases") == true)
    }

    @Test func deepNestingIsRefusedBeforeParsing() {
        let flow = String(repeating: "[", count: 100_000)
        #expect(problems(in: "proxies: " + flow).first?.message.contains("nesting deeper") == true)
        var block = "proxies:\n"
        for depth in 0..<300 { block += String(repeating: " ", count: depth) + "- \n" }
        #expect(problems(in: block).first?.message.contains("nesting deeper") == true)
        #expect(problems(in: "x: \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"\n")
            .allSatisfy { !$0.message.contains("nesting") })
    }

    @Test func emptyAndNullDocumentsAreReported() {
        #expect(problems(in: "").first?.message.contains("expected a profile") == true)
        #expect(problems(in: "proxies:").first?.message.contains("expected a list of proxies, got nothing") == true)
    }
}
