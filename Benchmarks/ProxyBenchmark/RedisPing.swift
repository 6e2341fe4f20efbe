import BlockingSockets

/// The request and reply the latency measurements exchange with redis-server: the smallest
/// round trip a real database offers, answered in order.
enum RedisPing {
    static let request = Array("PING\r\n".utf8)
    static let reply = Array("+PONG\r\n".utf8)

    /// Reads exactly `count` replies, calling `arrived` with the index of each as it completes.
    static func readReplies(from socket: BlockingSocket, count: Int, arrived: (Int) -> Void) throws {
        var pending = 0
        var completed = 0
        while completed < count {
            guard case .data(let bytes) = socket.receive() else { throw BenchmarkError.connectionEnded(after: completed) }
            pending += bytes.count
            while pending >= reply.count, completed < count {
                pending -= reply.count
                arrived(completed)
                completed += 1
            }
        }
    }
}

enum BenchmarkError: Error, CustomStringConvertible {
    case connectionEnded(after: Int)

    var description: String {
        switch self {
        case .connectionEnded(let after): "the connection ended after \(after) replies"
        }
    }
}
