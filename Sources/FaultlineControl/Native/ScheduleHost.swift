import FaultlineCore
import FaultlineProxy

/// Runs schedules (a profile's, given to `serve` or posted to /v1/profiles) against the
/// registry, and keeps what each step has done and what comes next, for GET /v1/schedule.
public actor ScheduleHost {
    /// Runs per step kept for the API; older ones are dropped.
    static let keptRuns = 100

    private struct Schedule {
        let source: String
        let steps: [ScheduleStep]
        var runs: [[ScheduleEvent]]
        var next: ScheduleEvent?
        var task: Task<Void, Never>?
    }

    private let registry: ProxyRegistry
    private let log: @Sendable (String) -> Void
    private var schedules: [Schedule] = []

    public init(registry: ProxyRegistry, log: @escaping @Sendable (String) -> Void) {
        self.registry = registry
        self.log = log
    }

    /// Starts `steps` now; `source` names where they came from (a profile's file).
    public func run(_ steps: [ScheduleStep], from source: String) {
        guard !steps.isEmpty else { return }
        let index = schedules.count
        schedules.append(Schedule(source: source, steps: steps, runs: Array(repeating: [], count: steps.count)))
        let runner = ScheduleRunner(steps: steps, control: registry, clock: ContinuousClock()) { [weak self, log] event in
            if event.outcome != .upcoming, event.outcome != .upcomingUndo { log("\(source): \(event)") }
            await self?.record(event, in: index)
        }
        schedules[index].task = Task { await runner.run() }
    }

    private func record(_ event: ScheduleEvent, in index: Int) {
        switch event.outcome {
        case .upcoming, .upcomingUndo:
            schedules[index].next = event
        case .performed, .undone, .failed:
            schedules[index].runs[event.step].append(event)
            schedules[index].runs[event.step].removeFirst(max(0, schedules[index].runs[event.step].count - Self.keptRuns))
            if schedules[index].next?.step == event.step, schedules[index].next?.offset == event.offset { schedules[index].next = nil }
        }
    }

    /// Cancels every schedule.
    public func stopAll() {
        for schedule in schedules { schedule.task?.cancel() }
    }

    /// Each schedule with its steps, what each has done, and what is next.
    var json: JSON {
        .object([("schedules", .array(schedules.map { schedule in
            .object([
                ("source", .string(schedule.source)),
                ("steps", .array(schedule.steps.indices.map { index in
                    .object([
                        ("step", .integer(Int64(index + 1))),
                        ("runs", .array(schedule.runs[index].map(Self.json))),
                    ])
                })),
                ("next", schedule.next.map(Self.json) ?? .null),
            ])
        }))])
    }

    private static func json(_ event: ScheduleEvent) -> JSON {
        let outcome: String = switch event.outcome {
        case .upcoming, .performed: "performed"
        case .upcomingUndo, .undone: "undone"
        case .failed: "failed"
        }
        var members: [(String, JSON)] = [
            ("step", .integer(Int64(event.step + 1))), ("at", .string(ScheduleEvent.format(event.offset))),
            ("action", .string(event.action)), ("outcome", .string(outcome)),
        ]
        if case .failed(let reason) = event.outcome { members.append(("error", .string(reason))) }
        return .object(members)
    }
}
