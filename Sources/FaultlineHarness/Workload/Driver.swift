import FaultlineHistory

/// One operation a client asks of the system under test, as the history records it.
public struct WorkloadOperation: Hashable, Sendable {
    public var f: String
    public var value: HistoryValue
    public var key: HistoryValue?

    public init(f: String, value: HistoryValue = .null, key: HistoryValue? = nil) {
        self.f = f
        self.value = value
        self.key = key
    }
}

/// How an operation ended, in Jepsen's terms.
public enum OperationOutcome: Hashable, Sendable {
    /// It took effect; `value` is what it returned (a read's result).
    case ok(HistoryValue)
    /// It certainly did not take effect (e.g. a cas that found another value, or a read, which
    /// changes nothing, that got no answer). With `reconnect`, the connection is in doubt and
    /// the client opens a new one; it stays the same process.
    case fail(String, reconnect: Bool = false)
    /// Unknown: it may have taken effect, at any moment after its invocation (a timeout, a
    /// broken connection). The client goes on as a new process.
    case info(String)
}

/// A database client, the one thing each system under test needs: open a connection per
/// client, invoke operations, close. Everything else (timing, recording, retrying after an
/// unknown outcome) is the workload runner's.
public protocol Driver: Sendable {
    func invoke(_ operation: WorkloadOperation) async -> OperationOutcome
    func close() async
}

/// Opens a driver for each client, and again after an operation of unknown outcome.
public protocol DriverFactory: Sendable {
    func open(client: Int) async throws -> any Driver
}
