/// What a schedule runner tells of one occurrence of a step: that it is next, or how it went.
public struct ScheduleEvent: Sendable, Equatable, CustomStringConvertible {
    public enum Outcome: Sendable, Equatable {
        /// The step's action is the next thing to happen, at `offset`.
        case upcoming
        /// The end of the step's window is next, at `offset`.
        case upcomingUndo
        case performed
        /// The step's window ended and its action was undone.
        case undone
        /// The action could not be carried out (e.g. an unknown proxy); the schedule goes on.
        case failed(String)
    }

    /// The step's index in the schedule, from 0.
    public var step: Int
    /// When, from the start of the schedule.
    public var offset: Duration
    public var outcome: Outcome
    /// The action, in words: "partition redis (drop, both)".
    public var action: String

    /// The log line: "12.000s step 2: partition redis (drop, both)".
    public var description: String {
        let label = "\(Self.format(offset)) step \(step + 1)"
        return switch outcome {
        case .upcoming: "\(label): next: \(action)"
        case .upcomingUndo: "\(label): next: end of window: \(action)"
        case .performed: "\(label): \(action)"
        case .undone: "\(label): end of window: \(action)"
        case .failed(let reason): "\(label): failed: \(action): \(reason)"
        }
    }

    /// "12.000s" from the start.
    public static func format(_ offset: Duration) -> String {
        let milliseconds = offset.nanoseconds / 1_000_000
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)s"
    }
}
