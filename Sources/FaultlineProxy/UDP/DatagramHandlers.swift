import NIOCore

/// Sits in the pipeline of the listening socket and hands client datagrams to the table.
final class ListenerHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    private let table: UDPSessionTable

    init(table: UDPSessionTable) {
        self.table = table
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        table.received(envelope.data, from: envelope.remoteAddress)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        table.readComplete()
    }
}

/// Sits in the pipeline of a session's socket and hands the upstream's replies to the table.
final class SessionHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    private let table: UDPSessionTable
    private weak var session: UDPSession?

    init(table: UDPSessionTable, session: UDPSession) {
        self.table = table
        self.session = session
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let session else { return }
        table.replied(unwrapInboundIn(data).data, to: session)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        table.readComplete()
    }
}
