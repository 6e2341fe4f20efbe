import FaultlineCore
import FaultlineHistory

/// What each of the harness's own drivers needs to know for its clients: the model, where
/// writes and reads go (client `i` uses entry `i` modulo the count), how long an operation may
/// take, and what a register key the database does not have reads as (the register's initial
/// value, which a database represents by having no key).
public struct ClientSettings: Sendable {
    public var model: String
    public var writes: [Endpoint]
    public var reads: [Endpoint]
    public var timeout: Duration
    public var absent: HistoryValue

    public init(model: String = "cas-register", writes: [Endpoint], reads: [Endpoint]? = nil, timeout: Duration = .seconds(1),
                absent: HistoryValue = .null) {
        self.model = model
        self.writes = writes
        self.reads = reads ?? writes
        self.timeout = timeout
        self.absent = absent
    }

    func writeAddress(of client: Int) -> Endpoint { writes[client % writes.count] }
    func readAddress(of client: Int) -> Endpoint { reads[client % reads.count] }

    /// The key an operation acts on: the model's name, with the operation's key if it has one.
    func key(of operation: WorkloadOperation) -> String {
        operation.key.map { "\(model):\($0)" } ?? model
    }

    /// What a read finds when the key is absent: nothing, for kv (a real observation), else
    /// the register's initial value.
    var absentRead: HistoryValue { model == "kv" ? .null : absent }
}
