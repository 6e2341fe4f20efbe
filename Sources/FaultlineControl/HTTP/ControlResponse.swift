import FaultlineCore
import FaultlineProxy
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

    /// The answer `body` gives, or the error it throws as a response: the API's own refusals,
    /// the registry's (404, 409, 400), every problem of an invalid document (400), or a 500.
    static func answering(_ body: () async throws -> ControlResponse) async -> ControlResponse {
        do {
            return try await body()
        } catch let error as ControlError {
            return error.response
        } catch let error as RegistryError {
            return error.response
        } catch let problems as DiagnosticList {
            return .invalid(problems.diagnostics)
        } catch {
            return .error(.internalServerError, "\(error)")
        }
    }

    /// A 400 listing every problem: `{"error": all, "status": 400, "problems": [each]}`.
    static func invalid(_ diagnostics: [Diagnostic]) -> ControlResponse {
        let problems = diagnostics.map(\.apiText)
        return .json(.object([
            ("error", .string(problems.joined(separator: "; "))), ("status", .integer(400)),
            ("problems", .array(problems.map { .string($0) })),
        ]), status: .badRequest)
    }

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

    /// 405 for a method the request's path does not take.
    static func methodNotAllowed(_ request: ControlRequest) -> ControlError {
        ControlError(.methodNotAllowed, "\(request.method) is not allowed on /\(request.path.joined(separator: "/"))")
    }
}
