import FaultlineCore

/// Carries out a profile's schedule against proxies, at the times it says.
///
/// Steps happen at `at` (from the start), `after` (from the previous step's first start) or
/// repeatedly `every` period, undone `for` later. The clock is injected, so tests run a schedule
/// of minutes in microseconds; the actions are carried out by a `ScheduleActuator`, so the same
/// runner drives local and remote proxies and a suite's nodes.
public struct ScheduleRunner<C: Clock>: Sendable where C.Duration == Duration {
    public let steps: [ScheduleStep]
    let actuator: any ScheduleActuator
    let clock: C
    let report: @Sendable (ScheduleEvent) async -> Void

    /// `report` hears of each occurrence before it waits for it and after it is carried out.
    public init(steps: [ScheduleStep], actuator: any ScheduleActuator, clock: C,
                report: @escaping @Sendable (ScheduleEvent) async -> Void) {
        self.steps = steps
        self.actuator = actuator
        self.clock = clock
        self.report = report
    }

    /// A runner for a profile's schedule, acting on proxies through `control`.
    public init(steps: [ScheduleStep], control: any ProxyControl, clock: C, report: @escaping @Sendable (ScheduleEvent) async -> Void) {
        self.init(steps: steps, actuator: ProxyActuator(control: control), clock: clock, report: report)
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
            let event = { (outcome: ScheduleEvent.Outcome, action: String) in
                ScheduleEvent(step: occurrence.step, offset: occurrence.offset, outcome: outcome, action: action)
            }
            let inverseNow = occurrence.isUndo ? undo[occurrence.step] : nil
            if !occurrence.isUndo || inverseNow != nil {
                await report(event(occurrence.isUndo ? .upcomingUndo : .upcoming, (inverseNow ?? step.action).description))
            }
            do {
                try await clock.sleep(until: start.advanced(by: occurrence.offset), tolerance: nil)
            } catch {
                return
            }
            do {
                if occurrence.isUndo {
                    if let inverse = undo.removeValue(forKey: occurrence.step) {
                        await report(event(.undone, try await actuator.perform(inverse).description))
                    }
                } else {
                    let actuation = try await actuator.perform(step.action)
                    undo[occurrence.step] = actuation.undo
                    await report(event(.performed, actuation.description))
                }
            } catch {
                await report(event(.failed("\(error)"), (occurrence.isUndo ? inverseNow ?? step.action : step.action).description))
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
}
