import FaultlineCore
import FaultlineHistory
import FaultlineStore

/// The cas-register workload on a Redis-protocol store: `read` is GET, `write` is SET, `cas` is
/// the store's CAS. Reads may go elsewhere than writes (e.g. to a replica).
///
/// A key the store does not have reads as `absent`: the register's initial value, which a store
/// represents by having no key. Without it a missing key reads as nil, which the checker takes
/// as "read an unknown value", blind to a store that forgets its data.
public struct StoreRegisterDriver: Driver {
    let writes: RESPClient
    let reads: RESPClient
    let timeout: Duration
    let absent: HistoryValue

    /// Opens connections for one client.
    public struct Factory: DriverFactory {
        public var writeAddress: Endpoint
        public var readAddress: Endpoint
        public var timeout: Duration
        public var absent: HistoryValue

        public init(writeAddress: Endpoint, readAddress: Endpoint? = nil, timeout: Duration = .seconds(1),
                    absent: HistoryValue = .null) {
            self.writeAddress = writeAddress
            self.readAddress = readAddress ?? writeAddress
            self.timeout = timeout
            self.absent = absent
        }

        public func open(client: Int) async throws -> any Driver {
            let writes = try await RESPClient.connect(to: writeAddress, timeout: timeout)
            let reads = readAddress == writeAddress ? writes : try await RESPClient.connect(to: readAddress, timeout: timeout)
            return StoreRegisterDriver(writes: writes, reads: reads, timeout: timeout, absent: absent)
        }
    }

    public func invoke(_ operation: WorkloadOperation) async -> OperationOutcome {
        let key = operation.key?.description ?? "register"
        do {
            switch operation.f {
            case "read":
                switch try await reads.call(["GET", key], timeout: timeout) {
                case .bulkString(nil): return .ok(absent)
                case .bulkString(let bytes?):
                    guard let value = Int64(String(decoding: bytes, as: UTF8.self)) else { return .info("read a value that is not a number") }
                    return .ok(.int(value))
                case let other: return .info("GET answered \(other)")
                }
            case "write":
                let reply = try await writes.call(["SET", key, operation.value.description], timeout: timeout)
                return reply == .ok ? .ok(operation.value) : .info("SET answered \(reply)")
            case "cas":
                guard case .list(let pair) = operation.value, pair.count == 2 else { return .fail("cas needs [expected new]") }
                switch try await writes.call(["CAS", key, pair[0].description, pair[1].description], timeout: timeout) {
                case .integer(1): return .ok(operation.value)
                case .integer(0): return .fail("the register held another value")
                case let other: return .info("CAS answered \(other)")
                }
            default:
                return .fail("the store register driver does not know '\(operation.f)'")
            }
        } catch {
            return .info("\(error)")
        }
    }

    public func close() async {
        await writes.close()
        await reads.close()
    }
}
