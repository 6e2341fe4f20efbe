import NIOHTTP1

/// An HTTP response of the control API: a status and a body, JSON unless said otherwise.
public struct ControlResponse: Sendable {
    public var status: HTTPResponseStatus
    public var body: String
    public var contentType: String

    public init(status: HTTPResponseStatus, body: String = "", contentType: String = "application/json") {
        self.status = status
        self.body = body
        self.contentType = contentType
    }

    public static func json(_ value: JSON, status: HTTPResponseStatus = .ok) -> ControlResponse {
        ControlResponse(status: status, body: value.text)
    }

    public static let noContent = ControlResponse(status: .noContent)

    /// An error as Toxiproxy's clients expect it: `{"error": "...", "status": N}`.
    public static func error(_ status: HTTPResponseStatus, _ message: String) -> ControlResponse {
        .json(.object([("error", .string(message)), ("status", .integer(Int64(status.code)))]), status: status)
    }
}

/// A request the API refuses, with the status and message to answer it with.
public struct ControlError: Error, Sendable {
    public var status: HTTPResponseStatus
    public var message: String

    public init(_ status: HTTPResponseStatus, _ message: String) {
        self.status = status
        self.message = message
    }

    public var response: ControlResponse { .error(status, message) }
}
