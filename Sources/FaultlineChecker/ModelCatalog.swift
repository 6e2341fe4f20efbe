import FaultlineCore
import FaultlineHistory

/// The models `faultline check --model` knows, by name.
public enum ModelCatalog {
    public static let names = CheckerSpec.models

    /// Checks `history` against the model called `name`, starting from `initial` (the model's
    /// default when nil). Each call names a concrete model type, so the search is specialized for it.
    public static func check(_ history: PairedHistory, model name: String, initial: HistoryValue?,
                             checker: Checker) async throws(ModelError) -> CheckReport {
        switch name {
        case "register": try await checker.check(history, against: RegisterModel(initial: initial, compareAndSet: false))
        case "cas-register": try await checker.check(history, against: RegisterModel(initial: initial, compareAndSet: true))
        case "multi-register": try await checker.check(history, against: try MultiRegisterModel(initial: initial))
        case "kv": try await checker.check(history, against: KeyValueModel(initial: initial))
        case "mutex": try await checker.check(history, against: try MutexModel(initial: initial))
        case "fifo-queue": try await checker.check(history, against: try FIFOQueueModel(initial: initial))
        case "unordered-queue": try await checker.check(history, against: try UnorderedQueueModel(initial: initial))
        case "set": try await checker.check(history, against: try SetModel(initial: initial))
        case "counter": try await checker.check(history, against: try CounterModel(initial: initial))
        default: throw ModelError("unknown model '\(name)'; models: \(names.joined(separator: ", "))")
        }
    }
}
