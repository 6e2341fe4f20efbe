import FaultlineCore

/// Carries out a profile's schedule against proxies, at the times it says.
///
/// Steps happen at `at` (from the start), `after` (from the previous step's first start) or
/// repeatedly `every` period, undone `for` later. The clock is injected, so tests run a schedule
/// of minutes in microseconds; the proxies are reached through `ProxyControl`, so the same
/// runner drives local and remote proxies.
public struct ScheduleRunner<C: Clock>: Sendable where C.Duration == Duration {
    public let steps: [ScheduleStep]
    let control: any ProxyControl
    let clock: C
    let report: @Sendable (ScheduleEvent) -> Void

    /// `report` hears of each occurrence before it waits for it and after it is carried out.
    public init(steps: [ScheduleStep], control: any ProxyControl, clock: C, report: @escaping @Sendable (ScheduleEvent) -> Void) {
        self.steps = steps
        self.control = control
        self.clock = clock
        self.report = report
    }

    /// One thing to do at one time: a step's action, or the undoing of it.
    struct Occurrence {
        var offset: Duration
        var step: Int
        /// Which start of a repeating step this is, from 0.
        var repetition: Int
        var isUndo: Bool
    }

    /// Runs until every step is done (forever, for steps that repeat without a count) or the
    /// task is cancelled. A step that fails (e.g. an unknown proxy) is logged and skipped.
    public func run() async {
        let start = clock.now
        var pending = zip(ScheduleStep.startOffsets(of: steps), steps.indices).map {
            Occurrence(offset: $0, step: $1, repetition: 0, isUndo: false)
        }
        var undo: [Int: ScheduleAction] = [:]
        while let next = pending.indices.min(by: { (pending[$0].offset, pending[$0].step) < (pending[$1].offset, pending[$1].step) }) {
            let occurrence = pending.remove(at: next)
            let step = steps[occurrence.step]
            let event = { (outcome: ScheduleEvent.Outcome, action: ScheduleAction) in
                ScheduleEvent(step: occurrence.step, offset: occurrence.offset, outcome: outcome, action: Self.describe(action))
            }
            let inverseNow = occurrence.isUndo ? undo[occurrence.step] : nil
            if !occurrence.isUndo || inverseNow != nil {
                report(event(occurrence.isUndo ? .upcomingUndo : .upcoming, inverseNow ?? step.action))
            }
            do {
                try await clock.sleep(until: start.advanced(by: occurrence.offset), tolerance: nil)
            } catch {
                return
            }
            do {
                if occurrence.isUndo {
                    if let inverse = undo.removeValue(forKey: occurrence.step) {
                        try await perform(inverse)
                        report(event(.undone, inverse))
                    }
                } else {
                    undo[occurrence.step] = try await inverse(of: step.action)
                    try await perform(step.action)
                    report(event(.performed, step.action))
                }
            } catch {
                report(event(.failed("\(error)"), occurrence.isUndo ? inverseNow ?? step.action : step.action))
            }
            guard let repetition = step.repetition, !occurrence.isUndo else { continue }
            if let window = repetition.window {
                pending.append(Occurrence(offset: occurrence.offset + window, step: occurrence.step,
                                          repetition: occurrence.repetition, isUndo: true))
            }
            if repetition.times.map({ occurrence.repetition + 1 < $0 }) ?? true {
                pending.append(Occurrence(offset: occurrence.offset + repetition.period, step: occurrence.step,
                                          repetition: occurrence.repetition + 1, isUndo: false))
            }
        }
    }

    /// What puts things back as they were before `action`.
    private func inverse(of action: ScheduleAction) async throws -> ScheduleAction? {
        switch action {
        case .partition(let partition): .heal(partition.proxies)
        case .enable(let selection): .disable(selection)
        case .disable(let selection): .enable(selection)
        case .addFault(let proxy, let fault): .removeFault(proxy: proxy, faultName: fault.name)
        case .setFaults(let proxy, _): .setFaults(proxy: proxy, faults: try await control.faults(of: proxy))
        case .heal, .removeFault: nil
        }
    }

    private func perform(_ action: ScheduleAction) async throws {
        switch action {
        case .partition(let partition): try await control.partition(partition)
        case .heal(let selection): try await control.heal(selection)
        case .enable(let selection): try await control.setEnabled(selection, true)
        case .disable(let selection): try await control.setEnabled(selection, false)
        case .addFault(let proxy, let fault): try await control.addFault(fault, to: proxy)
        case .removeFault(let proxy, let name): try await control.removeFault(named: name, from: proxy)
        case .setFaults(let proxy, let faults): try await control.setFaults(faults, of: proxy)
        }
    }

    static func describe(_ action: ScheduleAction) -> String {
        func names(_ selection: ProxySelection) -> String {
            switch selection {
            case .all: "all proxies"
            case .named(let names): names.joined(separator: ", ")
            }
        }
        return switch action {
        case .partition(let partition): "partition \(names(partition.proxies)) (\(partition.mode.rawValue), \(partition.direction.rawValue))"
        case .heal(let selection): "heal \(names(selection))"
        case .enable(let selection): "enable \(names(selection))"
        case .disable(let selection): "disable \(names(selection))"
        case .addFault(let proxy, let fault): "add \(fault.kind.type.rawValue) fault '\(fault.name)' to \(proxy)"
        case .removeFault(let proxy, let name): "remove fault '\(name)' from \(proxy)"
        case .setFaults(let proxy, let faults): "set \(proxy)'s faults to [\(faults.map(\.name).joined(separator: ", "))]"
        }
    }
}
