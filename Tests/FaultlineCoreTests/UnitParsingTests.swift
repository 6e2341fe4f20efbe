import FaultlineCore
import Testing

@Suite struct DurationParsingTests {
    @Test(arguments: [
        ("250us", Duration.microseconds(250)), ("250µs", .microseconds(250)), ("150ms", .milliseconds(150)),
        ("2s", .seconds(2)), ("1.5m", .seconds(90)), ("1h", .seconds(3600)), ("0", .zero), ("0.1ms", .microseconds(100)),
        ("7ns", .nanoseconds(7)), (" 3 s ", .seconds(3)), ("2min", .seconds(120)),
    ])
    func parsesValidDurations(text: String, expected: Duration) throws {
        #expect(try Duration(parsing: text) == expected)
    }

    @Test(arguments: ["fast", "", "ms", "-5ms", "50", "1.5ns", "1x", "12 parsecs", "31d", "800h", "1..5s",
                      "99999999999999999999h", "5 m s"])
    func rejectsMalformedDurations(text: String) {
        #expect(throws: ValueParseError.self) { try Duration(parsing: text) }
    }

    @Test func aBareNumberSuggestsAUnit() {
        #expect(throws: ValueParseError(expected: Duration.expectedSyntax, found: "50", hint: "add a unit, e.g. 50ms")) {
            try Duration(parsing: "50")
        }
    }

    @Test func printsTheShortestExactText() throws {
        #expect(try Duration(parsing: "1.5m").profileText == "90s")
        #expect(Duration.milliseconds(150).profileText == "150ms")
        #expect(Duration.zero.profileText == "0s")
        #expect(Duration.microseconds(1500).profileText == "1500us")
    }
}

@Suite struct ByteCountParsingTests {
    @Test(arguments: [("512B", Int64(512)), ("64KiB", 65_536), ("10MB", 10_000_000), ("1.5KB", 1_500), ("42", 42),
                      ("1GiB", 1 << 30), ("2 TB", 2_000_000_000_000), ("0", 0)])
    func parsesValidSizes(text: String, bytes: Int64) throws {
        #expect(try ByteCount(parsing: text).bytes == bytes)
    }

    @Test(arguments: ["", "KB", "-1KB", "1.5B", "10 parsecs", "1e3", "10000000000TiB"])
    func rejectsMalformedSizes(text: String) {
        #expect(throws: ValueParseError.self) { try ByteCount(parsing: text) }
    }

    @Test func printsBinaryUnitsWhenExact() {
        #expect(ByteCount(bytes: 65_536).description == "64KiB")
        #expect(ByteCount(bytes: 1_000).description == "1000B")
    }
}

@Suite struct ByteRateParsingTests {
    @Test(arguments: [("1MB/s", 1e6), ("512KiB/s", 524_288), ("10Mbit/s", 1.25e6), ("100kbps", 12_500),
                      ("1Gbps", 1.25e8), ("64B/s", 64), ("1.6Mbit/s", 200_000), ("1GB/s", 1e9)])
    func parsesValidRates(text: String, bytesPerSecond: Double) throws {
        #expect(try ByteRate(parsing: text).bytesPerSecond == bytesPerSecond)
    }

    @Test(arguments: ["", "-1MB/s", "0MB/s", "fast", "100", "1MB", "10 furlongs/s"])
    func rejectsMalformedRates(text: String) {
        #expect(throws: ValueParseError.self) { try ByteRate(parsing: text) }
    }
}

@Suite struct ProbabilityParsingTests {
    @Test(arguments: [("5%", 0.05), ("0.05", 0.05), ("1", 1.0), ("0", 0.0), ("100%", 1.0), ("12.5 %", 0.125)])
    func parsesValidProbabilities(text: String, value: Double) throws {
        #expect(abs(try Probability(parsing: text).value - value) < 1e-12)
    }

    @Test(arguments: ["", "%", "101%", "-1%", "1.5", "-0.1", "often", "nan", "inf"])
    func rejectsMalformedProbabilities(text: String) {
        #expect(throws: ValueParseError.self) { try Probability(parsing: text) }
    }

    @Test func aWholeNumberAbove1SuggestsAPercentage() {
        #expect(throws: ValueParseError(expected: Probability.expectedSyntax, found: "10", hint: "did you mean 10%?")) {
            try Probability(parsing: "10")
        }
    }
}

@Suite struct EndpointParsingTests {
    @Test(arguments: [
        ("127.0.0.1:6379", Endpoint(host: .ipv4("127.0.0.1"), port: 6379)),
        ("[::1]:6379", Endpoint(host: .ipv6("::1"), port: 6379)),
        ("[fe80::1:2]:0", Endpoint(host: .ipv6("fe80::1:2"), port: 0)),
        ("db.local:5432", Endpoint(host: .name("db.local"), port: 5432)),
        ("localhost:65535", Endpoint(host: .name("localhost"), port: 65535)),
    ])
    func parsesValidEndpoints(text: String, expected: Endpoint) throws {
        let endpoint = try Endpoint(parsing: text)
        #expect(endpoint == expected)
        #expect(endpoint.description == text)
    }

    @Test(arguments: ["", "6379", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "256.0.0.1:80", "1.2.3:80",
                      "::1:6379", "[::1]6379", "[::1:6379", "[not-v6]:80", "-bad.host:80", "host_name:80",
                      "db.local:-1", "db.local:http"])
    func rejectsMalformedEndpoints(text: String) {
        #expect(throws: ValueParseError.self) { try Endpoint(parsing: text) }
    }
}

@Suite struct DirectionTests {
    @Test func bothCoversEachFlow() {
        #expect(Direction.both.flows == [.upstream, .downstream])
        #expect(Direction.upstream.includes(.upstream))
        #expect(!Direction.upstream.includes(.downstream))
        #expect(Direction.both.includes(.downstream))
    }
}
