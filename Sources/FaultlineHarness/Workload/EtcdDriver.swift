import FaultlineControl
import FaultlineCore
import FaultlineHistory
import Foundation

/// A client of etcd through its v3 JSON gateway (POST /v3/kv/range, /v3/kv/put, /v3/kv/txn;
/// keys and values base64; 64-bit numbers as strings; fields at their default value left out),
/// for registers (`read`, `write`, `cas` as a transaction comparing the value) and kv (`get`,
/// `put`, `cas`). Reads are linearizable unless `serializableReads`, when the member answers
/// from its own state, which may lag the cluster's.
///
/// Outcomes: an answer that says no (a failed comparison, a 4xx) is `fail`; a 5xx, a timeout or
/// a lost connection leaves a write `info` and a read `fail` (a read changes nothing); a
/// request that could not be sent is `fail`.
public struct EtcdDriver: Driver {
    let settings: ClientSettings
    let writes: ControlClient
    let reads: ControlClient
    let serializableReads: Bool

    public struct Factory: DriverFactory {
        public var settings: ClientSettings
        public var serializableReads: Bool

        public init(_ settings: ClientSettings, serializableReads: Bool = false) {
            self.settings = settings
            self.serializableReads = serializableReads
        }

        public func open(client: Int) async throws -> any Driver {
            EtcdDriver(settings: settings, writes: try ControlClient(url: settings.writeAddress(of: client).description, token: nil),
                       reads: try ControlClient(url: settings.readAddress(of: client).description, token: nil),
                       serializableReads: serializableReads)
        }
    }

    /// An answer that is not what etcd gives: the outcome of a write is unknown.
    struct Unreadable: Error, CustomStringConvertible {
        var description: String
    }

    public func invoke(_ operation: WorkloadOperation) async -> OperationOutcome {
        let key = Self.base64(settings.key(of: operation))
        let isRead = ["read", "get"].contains(operation.f)
        do {
            switch operation.f {
            case "read", "get":
                var request: [String: Any] = ["key": key]
                if serializableReads { request["serializable"] = true }
                let answer = try await call(reads, "/v3/kv/range", request)
                guard let kvs = answer["kvs"] as? [[String: Any]], let first = kvs.first else {
                    return .ok(settings.absentRead)
                }
                return .ok(.int(try Self.number(first["value"])))
            case "write", "put":
                _ = try await call(writes, "/v3/kv/put", ["key": key, "value": Self.base64("\(operation.value)")])
                return .ok(operation.value)
            case "cas":
                guard case .list(let pair) = operation.value, pair.count == 2 else { return .fail("cas needs [expected new]") }
                let answer = try await call(writes, "/v3/kv/txn", [
                    "compare": [["key": key, "target": "VALUE", "result": "EQUAL", "value": Self.base64("\(pair[0])")]],
                    "success": [["requestPut": ["key": key, "value": Self.base64("\(pair[1])")]]],
                ])
                return answer["succeeded"] as? Bool == true ? .ok(operation.value) : .fail("the value was not the expected one")
            default:
                return .fail("the etcd driver has no '\(operation.f)' for the \(settings.model) model")
            }
        } catch let refused as Refused {
            return .fail(refused.description)
        } catch is ControlClient.ConnectionError {
            return .fail("cannot connect: nothing was sent")
        } catch {
            return isRead ? .fail("\(error)") : .info("\(error)")
        }
    }

    /// A 4xx answer: etcd refused the request, which did not take effect.
    struct Refused: Error, CustomStringConvertible {
        var description: String
    }

    /// POSTs `body` as JSON and returns the answer's object; 4xx throws `Refused`, 5xx and
    /// anything unreadable `Unreadable`.
    private func call(_ client: ControlClient, _ path: String, _ body: [String: Any]) async throws -> [String: Any] {
        let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        let reply = try await client.send(.POST, path, body: text, timeout: settings.timeout)
        switch reply.status.code {
        case 200..<300:
            guard let object = try? JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any] else {
                throw Unreadable(description: "an answer that is not a JSON object: \(reply.body.prefix(200))")
            }
            return object
        case 400..<500: throw Refused(description: "etcd refused (\(reply.status.code)): \(reply.body.prefix(200))")
        default: throw Unreadable(description: "etcd answered \(reply.status.code): \(reply.body.prefix(200))")
        }
    }

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// A whole number from a base64 value field.
    static func number(_ field: Any?) throws -> Int64 {
        guard let encoded = field as? String, let data = Data(base64Encoded: encoded),
              let number = Int64(String(decoding: data, as: UTF8.self)) else {
            throw Unreadable(description: "a value that is not a base64 whole number: \(String(describing: field))")
        }
        return number
    }

    public func close() async {}
}
