import NIOCore

/// One client of the store (or one replica following it): reads commands, answers each in order.
final class StoreConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let store: Store
    private var parser = RESPParser()
    private var closing = false

    init(store: Store) {
        self.store = store
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        parser.append(unwrapInboundIn(data).readableBytesView)
        do {
            while !closing, let value = try parser.next() {
                handle(value, context: context)
            }
        } catch {
            reply(.error("ERR Protocol error: \(error.description)"), context: context)
            close(context)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        store.removeReplica(context.channel)
    }

    private func handle(_ value: RESPValue, context: ChannelHandlerContext) {
        guard let (name, arguments) = Self.command(value) else {
            if case .array(let items?) = value, items.isEmpty { return }  // an empty inline line
            reply(.error("ERR Protocol error: expected a command (an array of bulk strings)"), context: context)
            return
        }
        switch name {
        case "SYNC":
            store.addReplica(context.channel)
        case "QUIT":
            reply(.ok, context: context)
            close(context)
        default:
            reply(store.execute(name, arguments), context: context)
        }
    }

    /// A command's name (upper-cased) and arguments, if `value` is one.
    static func command(_ value: RESPValue) -> (String, [[UInt8]])? {
        guard case .array(let items?) = value, !items.isEmpty else { return nil }
        var words: [[UInt8]] = []
        for item in items {
            guard case .bulkString(let word?) = item else { return nil }
            words.append(word)
        }
        return (String(decoding: words[0], as: UTF8.self).uppercased(), Array(words.dropFirst()))
    }

    private func reply(_ value: RESPValue, context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(ByteBuffer(bytes: value.encoded)), promise: nil)
    }

    private func close(_ context: ChannelHandlerContext) {
        closing = true
        context.writeAndFlush(wrapOutboundOut(ByteBuffer())).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}

/// A replica's link to its primary: applies the primary's stream of writes as it comes.
final class ReplicationHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let store: Store
    private var parser = RESPParser()

    init(store: Store) {
        self.store = store
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        parser.append(unwrapInboundIn(data).readableBytesView)
        do {
            while let value = try parser.next() {
                if let (name, arguments) = StoreConnectionHandler.command(value) { store.applyReplicated(name, arguments) }
            }
        } catch {
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        store.linkLost()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
