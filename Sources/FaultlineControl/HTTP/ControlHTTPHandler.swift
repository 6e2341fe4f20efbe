import NIOCore
import NIOHTTP1

/// Reads one HTTP request at a time (head, body of at most 1 MiB, end), checks the bearer token
/// when one is required, hands the request to the API and writes its response.
final class ControlHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let respond: @Sendable (ControlRequest) async -> ControlResponse
    private let token: BearerToken?
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var tooLarge = false

    init(token: BearerToken?, respond: @escaping @Sendable (ControlRequest) async -> ControlResponse) {
        self.token = token
        self.respond = respond
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
            let declared = head.headers.first(name: "content-length").flatMap(Int.init) ?? 0
            tooLarge = declared > ControlRequest.maximumBody
        case .body(var chunk):
            guard !tooLarge else { return }
            if body.readableBytes + chunk.readableBytes > ControlRequest.maximumBody {
                tooLarge = true
                body.clear()
            } else {
                body.writeBuffer(&chunk)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            if tooLarge {
                write(.error(.payloadTooLarge, "the request body is over \(ControlRequest.maximumBody) bytes"),
                      keepAlive: false, context: context)
            } else if let token, !token.authorizes(head.headers.first(name: "authorization")) {
                write(.error(.unauthorized, "this server needs 'Authorization: Bearer <token>'"), keepAlive: head.isKeepAlive,
                      context: context)
            } else {
                let request = ControlRequest(method: head.method, uri: head.uri, headers: head.headers,
                                             body: String(buffer: body))
                let respond = respond
                let promise = context.eventLoop.makePromise(of: ControlResponse.self)
                promise.completeWithTask { await respond(request) }
                promise.futureResult.assumeIsolated().whenSuccess { response in
                    self.write(response, keepAlive: head.isKeepAlive, context: context)
                }
            }
        }
    }

    private func write(_ response: ControlResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        let buffer = ByteBuffer(string: response.body)
        if response.status != .noContent {
            headers.add(name: "content-type", value: response.contentType)
            headers.add(name: "content-length", value: String(buffer.readableBytes))
        }
        if !keepAlive { headers.add(name: "connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: response.status, headers: headers))),
                      promise: nil)
        if buffer.readableBytes > 0 { context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil) }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive { written.assumeIsolated().whenComplete { _ in context.close(promise: nil) } }
    }
}
