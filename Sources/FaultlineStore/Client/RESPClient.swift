import FaultlineCore
import NIOCore
import NIOPosix

/// A connection to a Redis-protocol server (the embedded store, or Redis itself): one command
/// at a time, each with a deadline. A command without an answer by then closes the connection,
/// since its effect is unknown and a later answer would be mistaken for the next command's.
public final class RESPClient: Sendable {
    /// Why a command got no answer.
    public enum CallError: Error, Equatable, CustomStringConvertible {
        /// The connection was closed before the command: it was never sent.
        case notSent
        case timedOut
        case connectionClosed
        case protocolError(String)

        public var description: String {
            switch self {
            case .notSent: "the connection was closed before the command was sent"
            case .timedOut: "no answer in time"
            case .connectionClosed: "the connection closed"
            case .protocolError(let reason): "protocol error: \(reason)"
            }
        }
    }

    private let channel: Channel

    private init(channel: Channel) {
        self.channel = channel
    }

    public static func connect(to endpoint: Endpoint, timeout: Duration = .seconds(5),
                               group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> RESPClient {
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.nanoseconds(timeout.nanoseconds))
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(ReplyHandler()) }
            }
            .connect(host: endpoint.hostText, port: Int(endpoint.port))
            .get()
        return RESPClient(channel: channel)
    }

    /// Sends `words` and waits for the reply, at most `timeout`.
    public func call(_ words: [String], timeout: Duration) async throws -> RESPValue {
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        let request = ReplyHandler.Request(bytes: ByteBuffer(bytes: RESPValue.command(words).encoded), reply: promise,
                                           deadline: .now() + .nanoseconds(timeout.nanoseconds))
        // A channel that is already closed never reaches the handler: the write fails at its head.
        channel.writeAndFlush(request).whenFailure { _ in promise.fail(CallError.notSent) }
        return try await promise.futureResult.get()
    }

    public func close() async {
        try? await channel.close()
    }
}

/// Pairs each command with the next reply, and fails a command whose reply is late.
private final class ReplyHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = Request
    typealias OutboundOut = ByteBuffer

    struct Request {
        var bytes: ByteBuffer
        var reply: EventLoopPromise<RESPValue>
        var deadline: NIODeadline
    }

    private var parser = RESPParser()
    private var waiting: [(reply: EventLoopPromise<RESPValue>, timer: Scheduled<Void>)] = []

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        guard context.channel.isActive else {
            request.reply.fail(RESPClient.CallError.notSent)
            promise?.fail(RESPClient.CallError.notSent)
            return
        }
        let timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: request.deadline) {
            self.failAll(RESPClient.CallError.timedOut, context: context)
        }
        waiting.append((request.reply, timer))
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        parser.append(unwrapInboundIn(data).readableBytesView)
        do {
            while let value = try parser.next() {
                guard !waiting.isEmpty else { throw RESPParser.ProtocolError(description: "a reply nobody asked for") }
                let (reply, timer) = waiting.removeFirst()
                timer.cancel()
                reply.succeed(value)
            }
        } catch {
            failAll(RESPClient.CallError.protocolError("\(error)"), context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(RESPClient.CallError.connectionClosed, context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        failAll(RESPClient.CallError.connectionClosed, context: context)
    }

    /// Every outstanding command fails and the connection closes: answers that still come
    /// could not be matched to their commands.
    private func failAll(_ error: RESPClient.CallError, context: ChannelHandlerContext) {
        let failed = waiting
        waiting = []
        for (reply, timer) in failed {
            timer.cancel()
            reply.fail(error)
        }
        context.close(promise: nil)
    }
}
