import FaultlineHistory

/// Named registers read and written in transactions: `f txn` with a value such as
/// `[[read x 0] [write y 2]]`. Reads with a nil (or unknown) value constrain nothing; registers
/// absent from the initial value start nil.
public struct MultiRegisterModel: Model {
    public struct MicroOperation: Sendable {
        public var isWrite: Bool
        public var register: HistoryValue
        public var value: HistoryValue
    }

    public typealias Step = [MicroOperation]

    public let name = "multi-register"
    public let operationNames = ["txn"]
    public let initialState: [HistoryValue: HistoryValue]

    public init(initial: HistoryValue? = nil) throws(ModelError) {
        switch initial ?? .map([:]) {
        case .map(let registers): initialState = registers.filter { !$0.value.isNull }
        case .null: initialState = [:]
        case let other: throw ModelError("the multi-register model starts from a map such as {:x 0 :y 0}, got \(other)")
        }
    }

    public func decode(_ operation: Operation) throws(ModelError) -> Step {
        guard operation.f == "txn" else { throw .unknownOperation(operation, for: self) }
        let source = operation.output ?? operation.input
        guard let micros = source.elements else { throw .badValue(operation, expected: "a list of [read|write register value]") }
        var step: Step = []
        for micro in micros {
            guard let parts = micro.elements, parts.count == 3, let kind = parts[0].stringValue, kind == "read" || kind == "write" else {
                throw .badValue(operation, expected: "a list of [read|write register value]")
            }
            step.append(MicroOperation(isWrite: kind == "write", register: parts[1], value: parts[2]))
        }
        return step
    }

    public func step(_ state: [HistoryValue: HistoryValue], _ step: Step) -> [HistoryValue: HistoryValue]? {
        var next = state
        for micro in step {
            if micro.isWrite {
                next[micro.register] = micro.value.isNull ? nil : micro.value
            } else if !micro.value.isNull, (next[micro.register] ?? .null) != micro.value {
                return nil
            }
        }
        return next
    }

    public func inconsistency(_ state: [HistoryValue: HistoryValue], _ step: Step) -> String {
        var current = state
        for micro in step {
            if micro.isWrite {
                current[micro.register] = micro.value
            } else if !micro.value.isNull, (current[micro.register] ?? .null) != micro.value {
                return "read \(micro.value) from \(micro.register) but it holds \(current[micro.register] ?? .null)"
            }
        }
        return "the transaction is possible"
    }

    public func describe(_ step: Step) -> String {
        "txn " + step.map { "\($0.isWrite ? "write" : "read") \($0.register) \($0.value)" }.joined(separator: ", ")
    }

    public func describe(_ state: [HistoryValue: HistoryValue]) -> String { HistoryValue.map(state).description }
}
