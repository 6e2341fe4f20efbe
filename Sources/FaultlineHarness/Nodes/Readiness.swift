import FaultlineCore
import Foundation
import NIOCore
import NIOPosix

/// Checks whether a node is ready, once; the node supervisor asks again until it is.
enum Readiness {
    static func holds(_ readiness: NodeSpec.Readiness) async -> Bool {
        switch readiness {
        case .immediately:
            return true
        case .tcpPort(let endpoint):
            guard let channel = try? await connect(to: endpoint) else { return false }
            try? await channel.close()
            return true
        case .http(let endpoint, let path, let status):
            return await httpStatus(of: endpoint, path: path) == status
        case .command(let words):
            guard let command = words.first,
                  let process = try? SpawnedProcess(command: command, arguments: Array(words.dropFirst()), environment: [:],
                                                    directory: nil, logFile: nil) else { return false }
            guard await process.waitForExit(timeout: .seconds(10)) else {
                process.signal(SIGKILL)
                return false
            }
            return process.exitStatus == 0
        }
    }

    private static func connect(to endpoint: Endpoint, collecting promise: EventLoopPromise<ByteBuffer>? = nil) async throws -> Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(1))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let promise { try channel.pipeline.syncOperations.addHandler(FirstLineCollector(promise)) }
                }
            }
            .connect(host: endpoint.hostText, port: Int(endpoint.port))
            .get()
    }

    /// The status code of a plain HTTP/1.1 GET, or nil when there is no answer.
    private static func httpStatus(of endpoint: Endpoint, path: String) async -> Int? {
        let collected = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: ByteBuffer.self)
        guard let channel = try? await connect(to: endpoint, collecting: collected) else {
            collected.fail(CancellationError())
            return nil
        }
        let request = "GET \(path) HTTP/1.1\r\nHost: \(endpoint)\r\nConnection: close\r\n\r\n"
        channel.writeAndFlush(ByteBuffer(string: request), promise: nil)
        defer { channel.close(promise: nil) }
        guard let head = try? await collected.futureResult.get() else { return nil }
        let statusLine = String(buffer: head).split(separator: "\r\n").first ?? ""
        return statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }
}

/// Collects what a peer sends until it closes (or 4 KiB), for reading a response's status line.
private final class FirstLineCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let promise: EventLoopPromise<ByteBuffer>
    private var received = ByteBuffer()

    init(_ promise: EventLoopPromise<ByteBuffer>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var chunk = unwrapInboundIn(data)
        received.writeBuffer(&chunk)
        if received.readableBytes >= 4_096 || received.readableBytesView.contains(UInt8(ascii: "\n")) {
            promise.succeed(received)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.succeed(received)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        promise.fail(error)
    }
}
