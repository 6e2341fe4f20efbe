import NIOCore

extension Channel {
    /// Runs `body` on the event loop once every write issued before this call has gone out (or
    /// failed): writes complete in order, so an empty write marks the point.
    func afterPendingWrites(_ body: @escaping () -> Void) {
        writeAndFlush(ByteBuffer()).assumeIsolated().whenComplete { _ in body() }
    }
}
