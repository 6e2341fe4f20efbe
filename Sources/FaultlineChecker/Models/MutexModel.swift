import FaultlineHistory

/// A lock: `acquire` needs it free, `release` needs it held.
public struct MutexModel: Model {
    public enum Step: Sendable {
        case acquire
        case release
    }

    public let name = "mutex"
    public let operationNames = ["acquire", "release"]
    /// True when held.
    public let initialState: Bool

    public init(initial: HistoryValue? = nil) throws(ModelError) {
        switch initial ?? .bool(false) {
        case .bool(let held): initialState = held
        case .null: initialState = false
        case let other: throw ModelError("the mutex model starts held (true) or free (false), got \(other)")
        }
    }

    public func decode(_ operation: Operation) throws(ModelError) -> Step {
        switch operation.f {
        case "acquire": .acquire
        case "release": .release
        default: throw .unknownOperation(operation, for: self)
        }
    }

    public func step(_ held: Bool, _ step: Step) -> Bool? {
        switch step {
        case .acquire: held ? nil : true
        case .release: held ? false : nil
        }
    }

    public func inconsistency(_ held: Bool, _ step: Step) -> String {
        switch step {
        case .acquire: "acquired while the lock is already held"
        case .release: "released while the lock is free"
        }
    }

    public func describe(_ step: Step) -> String {
        switch step {
        case .acquire: "acquire"
        case .release: "release"
        }
    }

    public func describe(_ held: Bool) -> String { held ? "held" : "free" }
}
