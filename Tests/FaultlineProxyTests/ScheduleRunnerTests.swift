import FaultlineCore
import Synchronization
import Testing
@testable import FaultlineProxy

/// A clock whose sleeps return at once, its time jumping to the deadline: a schedule of hours
/// runs in microseconds, and every action happens at exactly its planned time.
final class InstantClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let current = Mutex(Instant(offset: .zero))
    var now: Instant { current.withLock { $0 } }
    var minimumResolution: Duration { .nanoseconds(1) }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        current.withLock { $0 = max($0, deadline) }
    }
}

/// Records what a schedule did to the proxies, and when; proxy "ghost" does not exist.
actor RecordingControl: ProxyControl {
    let clock: InstantClock
    private(set) var actions: [(at: Duration, action: String)] = []
    private var faults: [String: [FaultSpec]] = [:]

    init(clock: InstantClock, faults: [String: [FaultSpec]] = [:]) {
        self.clock = clock
        self.faults = faults
    }

    private func record(_ action: String, proxy: String? = nil) throws {
        if proxy == "ghost" { throw RegistryError.unknownProxy("ghost") }
        actions.append((clock.now.offset, action))
    }

    func partition(_ partition: Partition) throws { try record("partition \(partition.mode.rawValue)") }
    func heal(_ proxies: ProxySelection) throws { try record("heal") }
    func setEnabled(_ proxies: ProxySelection, _ enabled: Bool) throws { try record(enabled ? "enable" : "disable") }
    func addFault(_ fault: FaultSpec, to proxy: String) throws {
        try record("add \(fault.name)", proxy: proxy)
        faults[proxy, default: []].append(fault)
    }
    func removeFault(named name: String, from proxy: String) throws {
        try record("remove \(name)", proxy: proxy)
        faults[proxy, default: []].removeAll { $0.name == name }
    }
    func setFaults(_ newFaults: [FaultSpec], of proxy: String) throws {
        try record("set \(newFaults.map(\.name))", proxy: proxy)
        faults[proxy] = newFaults
    }
    func faults(of proxy: String) throws -> [FaultSpec] { faults[proxy] ?? [] }
}

@Suite struct ScheduleRunnerTests {
    static func run(_ steps: [ScheduleStep], faults: [String: [FaultSpec]] = [:]) async -> (RecordingControl, [ScheduleEvent]) {
        let clock = InstantClock()
        let control = RecordingControl(clock: clock, faults: faults)
        let events = Mutex<[ScheduleEvent]>([])
        await ScheduleRunner(steps: steps, control: control, clock: clock) { event in events.withLock { $0.append(event) } }.run()
        return (control, events.withLock { $0 })
    }

    static let lag = FaultSpec(name: "lag", kind: .latency(Latency(delay: .milliseconds(50))))

    @Test func stepsHappenAtTheirTimesInOrder() async {
        let (control, events) = await Self.run([
            ScheduleStep(start: .at(.seconds(10)), action: .partition(Partition(proxies: .all, mode: .drop))),
            ScheduleStep(start: .after(.seconds(5)), action: .heal(.all)),
            ScheduleStep(start: .at(.seconds(2)), action: .disable(.all)),
        ])
        #expect(await control.actions.map(\.at) == [.seconds(2), .seconds(10), .seconds(15)])
        #expect(await control.actions.map(\.action) == ["disable", "partition drop", "heal"])
        #expect(events.filter { $0.outcome == .performed }.map(\.description) == [
            "2.000s step 3: disable all proxies", "10.000s step 1: partition all proxies (drop, both)", "15.000s step 2: heal all proxies",
        ])
        #expect(events.first?.outcome == .upcoming, "each occurrence is announced before it is waited for")
    }

    @Test func repeatingStepsAreUndoneAtTheEndOfEachWindow() async {
        let (control, _) = await Self.run([
            ScheduleStep(start: .at(.zero), repetition: .init(period: .seconds(60), window: .seconds(10), times: 3),
                         action: .partition(Partition(proxies: .named(["db"]), mode: .reject))),
        ])
        let actions = await control.actions
        #expect(actions.map(\.at) == [0, 10, 60, 70, 120, 130].map { Duration.seconds($0) })
        #expect(actions.map(\.action) == ["partition reject", "heal", "partition reject", "heal", "partition reject", "heal"])
    }

    @Test func aWindowedSetPutsTheFormerFaultsBack() async throws {
        let (control, _) = await Self.run(
            [ScheduleStep(start: .at(.seconds(1)), repetition: .init(period: .seconds(30), window: .seconds(5), times: 1),
                          action: .setFaults(proxy: "db", faults: []))],
            faults: ["db": [Self.lag]])
        #expect(await control.actions.map(\.action) == ["set []", "set [\"lag\"]"])
        #expect(try await control.faults(of: "db") == [Self.lag])
    }

    @Test func aFailingStepIsReportedAndTheScheduleGoesOn() async {
        let (control, events) = await Self.run([
            ScheduleStep(start: .at(.seconds(1)), action: .addFault(proxy: "ghost", fault: Self.lag)),
            ScheduleStep(start: .at(.seconds(2)), action: .addFault(proxy: "db", fault: Self.lag)),
        ])
        #expect(await control.actions.map(\.action) == ["add lag"])
        let failed = events.first { if case .failed = $0.outcome { true } else { false } }
        #expect(failed?.step == 0)
        #expect(failed?.description.contains("no proxy named 'ghost'") == true)
    }

    @Test func cancellingStopsTheSchedule() async {
        let clock = InstantClock()
        let control = RecordingControl(clock: clock)
        let endless = ScheduleRunner(steps: [ScheduleStep(start: .at(.zero), repetition: .init(period: .seconds(1)), action: .heal(.all))],
                                     control: control, clock: clock) { _ in }
        let task = Task { await endless.run() }
        while await control.actions.count < 5 { await Task.yield() }
        task.cancel()
        await task.value  // returns: the runner stopped
        let count = await control.actions.count
        for _ in 0..<100 { await Task.yield() }
        #expect(await control.actions.count == count, "nothing happens after the cancellation")
        #expect(Array(await control.actions.map(\.at).prefix(5)) == [0, 1, 2, 3, 4].map { Duration.seconds($0) })
    }
}
