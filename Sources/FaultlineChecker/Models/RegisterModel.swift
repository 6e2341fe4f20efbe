import FaultlineHistory

/// A register with read and write, and with compare-and-set for the `cas-register` model:
/// `cas [expected new]` succeeds only when the register holds `expected` (a cas that found
/// another value completes `fail` and never reaches the model). A read whose result is nil or
/// unknown constrains nothing, as in Knossos.
public struct RegisterModel: Model {
    public enum Step: Sendable {
        case read(HistoryValue?)
        case write(HistoryValue)
        case cas(expected: HistoryValue, new: HistoryValue)
    }

    public let name: String
    public let operationNames: [String]
    public let initialState: HistoryValue
    private let compareAndSet: Bool

    /// A register starting at `initial` (nil by default), with `cas` when `compareAndSet`.
    public init(initial: HistoryValue? = nil, compareAndSet: Bool) {
        initialState = initial ?? .null
        self.compareAndSet = compareAndSet
        name = compareAndSet ? "cas-register" : "register"
        operationNames = compareAndSet ? ["read", "write", "cas"] : ["read", "write"]
    }

    public func decode(_ operation: Operation) throws(ModelError) -> Step {
        switch operation.f {
        case "read": return .read(operation.output.flatMap { $0.isNull ? nil : $0 })
        case "write": return .write(operation.input)
        case "cas" where compareAndSet:
            let pair = try compareAndSetPair(operation)
            return .cas(expected: pair.expected, new: pair.new)
        default: throw .unknownOperation(operation, for: self)
        }
    }

    public func step(_ state: HistoryValue, _ step: Step) -> HistoryValue? {
        switch step {
        case .read(let value): value == nil || value == state ? state : nil
        case .write(let value): value
        case .cas(let expected, let new): expected == state ? new : nil
        }
    }

    public func inconsistency(_ state: HistoryValue, _ step: Step) -> String {
        switch step {
        case .read(let value): "read \(value?.description ?? "?") but the register holds \(state)"
        case .write: "a write is always possible"
        case .cas(let expected, _): "cas expected \(expected) but the register holds \(state)"
        }
    }

    public func describe(_ step: Step) -> String {
        switch step {
        case .read(let value): "read -> \(value?.description ?? "?")"
        case .write(let value): "write \(value)"
        case .cas(let expected, let new): "cas \(expected) -> \(new)"
        }
    }

    public func describe(_ state: HistoryValue) -> String { state.description }

    /// Leaves out reads of unknown result (they change nothing) and writes or cas of unknown
    /// outcome whose new value nothing observes: no read returns it and no cas expects it. After
    /// such a write the only valid steps are other writes until one of them takes effect, so
    /// any linearization that includes it stays valid without it.
    public func removableUnknowns(_ steps: [Step], unknown: [Bool]) -> [Bool] {
        var observed: Set<HistoryValue> = []
        for step in steps {
            switch step {
            case .read(let value?): observed.insert(value)
            case .cas(let expected, _): observed.insert(expected)
            default: break
            }
        }
        return zip(steps, unknown).map { step, isUnknown in
            guard isUnknown else { return false }
            switch step {
            case .read: return true
            case .write(let value), .cas(_, let value): return !observed.contains(value)
            }
        }
    }
}
