/// One step of a fault schedule: when it happens and what it does.
public struct ScheduleStep: Hashable, Sendable {
    public var start: Start
    /// Set for a step that repeats; nil for one that happens once.
    public var repetition: Repetition?
    public var action: ScheduleAction

    public init(start: Start, repetition: Repetition? = nil, action: ScheduleAction) {
        self.start = start
        self.repetition = repetition
        self.action = action
    }

    /// When a step (or a repeating step's first window) begins.
    public enum Start: Hashable, Sendable {
        /// Counted from the start of the run.
        case at(Duration)
        /// Counted from the (first) start of the previous step.
        case after(Duration)
    }

    /// A repeating on/off window: the action starts every `period`; with `window` it is undone
    /// `window` after each start.
    public struct Repetition: Hashable, Sendable {
        public var period: Duration
        public var window: Duration?
        /// How many times the action starts; nil repeats until the run ends.
        public var times: Int?

        public init(period: Duration, window: Duration? = nil, times: Int? = nil) {
            self.period = period
            self.window = window
            self.times = times
        }
    }

    /// The steps' first start times from the start of the run, resolving `after` against the
    /// previous step.
    public static func startOffsets(of steps: [ScheduleStep]) -> [Duration] {
        var previous = Duration.zero
        return steps.map { step in
            switch step.start {
            case .at(let offset): previous = offset
            case .after(let delay): previous += delay
            }
            return previous
        }
    }
}
