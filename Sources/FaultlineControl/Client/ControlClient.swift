import FaultlineCore
import NIOCore
import NIOHTTP1
import NIOPosix

/// A client of the control API (Faultline's, or Toxiproxy's where the paths are shared): one
/// request per connection, JSON in and out.
public struct ControlClient: Sendable {
    public struct Reply: Sendable {
        public var status: HTTPResponseStatus
        public var body: String
    }

    /// The server could not be reached: the request was not sent.
    public struct ConnectionError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The request was sent but no whole answer came (in time): whether it took effect is unknown.
    public struct NoAnswer: Error, CustomStringConvertible {
        public var description: String
    }

    public let server: Endpoint
    public let token: String?
    private let group: EventLoopGroup

    /// A client of the server at `url` ("http://host:port", or just "host:port").
    public init(url: String, token: String?, group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        var address = Substring(url)
        if address.hasPrefix("http://") { address = address.dropFirst("http://".count) }
        while address.hasSuffix("/") { address = address.dropLast() }
        server = try Endpoint(parsing: String(address))
        self.token = token
        self.group = group
    }

    /// Sends one request on a connection of its own and returns the answer; with a `timeout`,
    /// an answer that has not come by then is given up (`NoAnswer`) and the connection closed.
    public func send(_ method: HTTPMethod, _ path: String, body: String? = nil, timeout: Duration? = nil) async throws -> Reply {
        let channel: Channel
        let reply = group.next().makePromise(of: Reply.self)
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.nanoseconds(min(timeout ?? .seconds(10), .seconds(10)).nanoseconds))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(ReplyCollector(reply))
                    }
                }
                .connect(host: server.hostText, port: Int(server.port))
                .get()
        } catch {
            reply.fail(error)
            throw ConnectionError(description: "cannot reach the control API at \(server): \(error)")
        }
        var headers = HTTPHeaders([("host", server.description), ("connection", "close"), ("accept", "application/json")])
        if let token { headers.add(name: "authorization", value: "Bearer \(token)") }
        let bytes = ByteBuffer(string: body ?? "")
        if body != nil {
            headers.add(name: "content-type", value: "application/json")
            headers.add(name: "content-length", value: String(bytes.readableBytes))
        }
        channel.write(HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: method, uri: path, headers: headers)),
                      promise: nil)
        if body != nil { channel.write(HTTPClientRequestPart.body(.byteBuffer(bytes)), promise: nil) }
        if let timeout {
            let server = server
            let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
                reply.fail(NoAnswer(description: "\(server) gave no answer within \(timeout)"))
                channel.close(promise: nil)
            }
            reply.futureResult.whenComplete { _ in timer.cancel() }
        }
        try await channel.writeAndFlush(HTTPClientRequestPart.end(nil))
        return try await reply.futureResult.get()
    }
}

/// Gathers one response's status and body.
private final class ReplyCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private var promise: EventLoopPromise<ControlClient.Reply>?
    private var status = HTTPResponseStatus.ok
    private var body = ByteBuffer()

    init(_ promise: EventLoopPromise<ControlClient.Reply>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): status = head.status
        case .body(var chunk): body.writeBuffer(&chunk)
        case .end:
            promise?.succeed(ControlClient.Reply(status: status, body: String(buffer: body)))
            promise = nil
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        promise?.fail(error)
        promise = nil
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise?.fail(ControlClient.NoAnswer(description: "the server closed the connection without an answer"))
        promise = nil
    }
}
