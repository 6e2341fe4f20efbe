import NIOCore

/// Sits in the pipeline of a client or upstream channel and hands its events to the connection.
final class RelayHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let side: ProxyConnection.Side
    /// Set once the connection exists; events before that (none are read) are ignored.
    var connection: ProxyConnection?

    init(side: ProxyConnection.Side, connection: ProxyConnection? = nil) {
        self.side = side
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection?.received(unwrapInboundIn(data), from: side)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        connection?.readComplete(from: side)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            connection?.inputClosed(on: side)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        connection?.writabilityChanged(on: side)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        connection?.failed(on: side, error: error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection?.inactive(on: side)
    }
}
