import FaultlineCore
import FaultlineProxy
import NIOCore
import NIOHTTP1
import NIOPosix

/// Serves the control API over HTTP/1.1 (keep-alive, pipelining) on one address.
public final class ControlServer: Sendable {
    private let channel: Channel

    private init(channel: Channel) {
        self.channel = channel
    }

    /// Listens on `host:port` (port 0 picks a free one) and answers each request with `respond`;
    /// with a `token`, every request must carry it.
    public static func start(host: String, port: Int, token: BearerToken?,
                             group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                             respond: @escaping @Sendable (ControlRequest) async -> ControlResponse) async throws -> ControlServer {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(ControlHTTPHandler(token: token, respond: respond))
                }
            }
            .bind(host: host, port: port)
            .get()
        return ControlServer(channel: channel)
    }

    /// Where the server listens, with the real port.
    public var address: Endpoint? { channel.localAddress.flatMap(Endpoint.init) }

    public func stop() async {
        try? await channel.close()
    }
}
