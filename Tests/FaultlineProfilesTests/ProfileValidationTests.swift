import FaultlineCore
import Foundation
import FaultlineProfiles
import Testing

@Suite struct ProfileValidationTests {
    /// The acceptance case of the foundation issue: four problems, four located messages.
    @Test func reportsEachProblemOnceWithItsLocation() throws {
        let fixture = repositoryRoot + "/Tests/Fixtures/four-problems.yaml"
        let found = problems(in: try String(contentsOfFile: fixture, encoding: .utf8))
        #expect(found.count == 4)
        #expect(found.map { $0.location.map { "\($0.line):\($0.column)" } } == ["7:9", "9:16", "11:15", "14:28"])
        #expect(found.map(\.path) == ["proxies[0].faults[0].dealy", "proxies[0].faults[1].delay",
                                      "proxies[0].faults[2].rate", "schedule[0].partition.proxies[0]"])
        #expect(found[0].message.contains("did you mean 'delay'?"))
        #expect(found[1].message.contains("got 'fast'"))
        #expect(found[2].message.contains("positive rate"))
        #expect(found[3].message.contains("did you mean 'redis'?"))
        #expect(found[0].description.hasPrefix("test.yaml:7:9: error: proxies[0].faults[0].dealy: unknown key 'dealy'"))
    }

    @Test func acceptsAFullProfile() throws {
        let decoded = try Profile(text: """
            seed: 42
            proxies:
              - name: redis
                protocol: tcp
                listen: 127.0.0.1:16379
                upstream: 127.0.0.1:6379
                enabled: true
                connect_timeout: 2s
                max_connections: 500
                faults:
                  - {type: latency, delay: 50ms, jitter: 10ms, distribution: normal, correlation: 25%, direction: both}
                  - {type: bandwidth, rate: 1MB/s, direction: downstream}
                  - {type: reset_peer, after: 2s, toxicity: 10%}
            schedule:
              - at: 10s
                partition: { proxies: [redis], mode: drop }
              - at: 20s
                heal: all
              - every: 30s
                for: 10s
                add: { proxy: redis, fault: { type: latency, name: spike, delay: 500ms } }
              - after: 1m
                remove: { proxy: redis, fault: spike }
              - at: 2m
                set: { proxy: redis, faults: [] }
              - at: 3m
                disable: [redis]
              - at: 4m
                enable: redis
            """, file: "full.yaml")
        #expect(decoded.seed == 42)
        #expect(decoded.proxies.map(\.faults.count) == [3])
        #expect(decoded.proxies.map(\.connectTimeout) == [.seconds(2)])
        #expect(decoded.proxies.map(\.maximumConnections) == [500])
        #expect(decoded.schedule.count == 7)
        #expect(decoded.schedule[0].action == .partition(Partition(proxies: .named(["redis"]), mode: .drop, direction: .both)))
        #expect(decoded.schedule[1].action == .heal(.all))
        #expect(decoded.schedule[2].repetition == ScheduleStep.Repetition(period: .seconds(30), window: .seconds(10)))
        #expect(decoded.schedule[2].start == .at(.zero))
        #expect(decoded.schedule[3].start == .after(.seconds(60)))
        #expect(decoded.schedule[4].action == .setFaults(proxy: "redis", faults: []))
        #expect(decoded.schedule[6].action == .enable(.named(["redis"])))
    }

    @Test(arguments: [
        ("duplicate proxy name", """
            proxies:
              - {name: a, listen: 127.0.0.1:1000, upstream: 127.0.0.1:2000}
              - {name: a, listen: 127.0.0.1:1001, upstream: 127.0.0.1:2000}
            """, "3:12", "duplicate proxy name 'a'"),
        ("duplicate listen address", """
            proxies:
              - {name: a, listen: 127.0.0.1:1000, upstream: 127.0.0.1:2000}
              - {name: b, listen: 127.0.0.1:1000, upstream: 127.0.0.1:2000}
            """, "3:23", "duplicate listen address 127.0.0.1:1000"),
        ("listening on its own upstream", """
            proxies:
              - {name: a, listen: 127.0.0.1:1000, upstream: 127.0.0.1:1000}
            """, "2:49", "own listen address"),
        ("zero connect timeout", """
            proxies:
              - {name: a, listen: 127.0.0.1:1000, upstream: 127.0.0.1:2000, connect_timeout: 0s}
            """, "2:82", "must be more than 0"),
        ("connection limit of zero", """
            proxies:
              - {name: a, listen: 127.0.0.1:1000, upstream: 127.0.0.1:2000, max_connections: 0}
            """, "2:82", "expected a whole number from 1 to 1000000"),
        ("UDP fault on TCP", """
            proxies:
              - name: a
                listen: 127.0.0.1:1000
                upstream: 127.0.0.1:2000
                faults: [{type: loss, probability: 5%}]
            """, "5:21", "applies only to udp proxies, not to a tcp proxy"),
        ("TCP fault on UDP", """
            proxies:
              - name: a
                protocol: udp
                listen: 127.0.0.1:1000
                upstream: 127.0.0.1:2000
                faults: [{type: slicer, average_size: 10B}]
            """, "6:21", "applies only to tcp proxies"),
        ("direction on a connection fault", """
            proxies:
              - name: a
                listen: 127.0.0.1:1000
                upstream: 127.0.0.1:2000
                faults: [{type: connect_delay, delay: 1s, direction: upstream}]
            """, "5:58", "takes no direction"),
        ("duplicate fault name", """
            proxies:
              - name: a
                listen: 127.0.0.1:1000
                upstream: 127.0.0.1:2000
                faults: [{type: latency, delay: 1s}, {type: latency, delay: 2s}]
            """, "5:42", "duplicate fault name 'latency_downstream'"),
        ("Gilbert-Elliott key on a Bernoulli loss", """
            proxies:
              - name: a
                protocol: udp
                listen: 127.0.0.1:1000
                upstream: 127.0.0.1:2000
                faults: [{type: loss, probability: 5%, p: 1%}]
            """, "6:47", "'p' is not a parameter of the bernoulli loss model"),
        ("misspelt choice", """
            proxies:
              - name: a
                listen: 127.0.0.1:1000
                upstream: 127.0.0.1:2000
                faults: [{type: latency, delay: 1s, distribution: normall}]
            """, "5:55", "did you mean 'normal'?"),
        ("unknown fault type", """
            proxies:
              - name: a
                listen: 127.0.0.1:1000
                upstream: 127.0.0.1:2000
                faults: [{type: latncy, delay: 1s}]
            """, "5:21", "did you mean 'latency'?"),
        ("toxicity above one", """
            proxies:
              - name: a
                listen: 127.0.0.1:1000
                upstream: 127.0.0.1:2000
                faults: [{type: blackhole, toxicity: 10}]
            """, "5:42", "did you mean 10%?"),
        ("missing required key", """
            proxies:
              - {name: a, listen: 127.0.0.1:1000}
            """, "2:5", "missing key 'upstream'"),
        ("wrong type", """
            proxies: {name: a}
            """, "1:10", "expected a list of proxies, got a mapping"),
        ("reserved proxy name", """
            proxies:
              - {name: all, listen: 127.0.0.1:1000, upstream: 127.0.0.1:2000}
            """, "2:12", "'all' is reserved"),
        ("remove of an unknown fault", """
            proxies:
              - {name: a, listen: 127.0.0.1:1000, upstream: 127.0.0.1:2000, faults: [{type: blackhole, name: hole}]}
            schedule:
              - {at: 1s, remove: {proxy: a, fault: hoel}}
            """, "4:40", "did you mean 'hole'?"),
        ("for without every", """
            proxies:
              - {name: a, listen: 127.0.0.1:1000, upstream: 127.0.0.1:2000}
            schedule:
              - {at: 1s, for: 2s, heal: all}
            """, "4:19", "'for' needs 'every'"),
        ("window as long as the period", """
            proxies:
              - {name: a, listen: 127.0.0.1:1000, upstream: 127.0.0.1:2000}
            schedule:
              - {every: 10s, for: 10s, disable: a}
            """, "4:23", "shorter than 'every'"),
        ("a window on an action that cannot be undone", """
            proxies:
              - {name: a, listen: 127.0.0.1:1000, upstream: 127.0.0.1:2000}
            schedule:
              - {every: 10s, for: 5s, heal: all}
            """, "4:23", "'heal' cannot"),
        ("both at and after", """
            proxies:
              - {name: a, listen: 127.0.0.1:1000, upstream: 127.0.0.1:2000}
            schedule:
              - {at: 1s, after: 2s, heal: all}
            """, "4:21", "either 'at' or 'after'"),
        ("two actions", """
            proxies:
              - {name: a, listen: 127.0.0.1:1000, upstream: 127.0.0.1:2000}
            schedule:
              - {at: 1s, heal: all, disable: a}
            """, "4:34", "has heal and disable"),
        ("no action", """
            proxies:
              - {name: a, listen: 127.0.0.1:1000, upstream: 127.0.0.1:2000}
            schedule:
              - {at: 1s}
            """, "4:5", "needs one action"),
        ("no time", """
            proxies:
              - {name: a, listen: 127.0.0.1:1000, upstream: 127.0.0.1:2000}
            schedule:
              - {heal: all}
            """, "4:5", "needs 'at', 'after' or 'every'"),
        ("added fault clashing with a configured one", """
            proxies:
              - {name: a, listen: 127.0.0.1:1000, upstream: 127.0.0.1:2000, faults: [{type: blackhole}]}
            schedule:
              - {at: 1s, add: {proxy: a, fault: {type: blackhole}}}
            """, "4:37", "already has a fault named 'blackhole_downstream'"),
        ("a YAML syntax error", """
            proxies:
              - name: a
               listen: [1
            """, "3:4", "invalid YAML"),
        ("a document that is not a mapping", "- just\n- a list\n", "1:1", "expected a profile"),
    ])
    func reportsTheProblemWhereItIs(_ name: String, yaml: String, location: String, message: String) {
        let found = problems(in: yaml)
        #expect(found.count == 1, "\(name): \(found)")
        #expect(found.first.flatMap { $0.location.map { "\($0.line):\($0.column)" } } == location, "\(name): \(found)")
        #expect(found.first?.message.contains(message) == true, "\(name): \(found)")
    }

    @Test func reportsAllProblemsNotOnlyTheFirst() {
        let found = problems(in: """
            proxies:
              - {name: a, listen: nowhere, upstream: 127.0.0.1:2000, colour: red}
              - {name: b, listen: 127.0.0.1:1, upstream: 127.0.0.1:2, faults: [{type: latency, delay: 1 fortnight}]}
            schedule:
              - {at: soon, heal: c}
            """)
        #expect(found.count == 5, "\(found)")
    }
}
