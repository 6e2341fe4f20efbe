import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A server on 127.0.0.1 (on `port`, or any free port when 0) that runs `handle` on its own
/// thread for each accepted connection.
public final class BlockingServer: Sendable {
    public let port: Int
    private let descriptor: Int32

    public init(port requested: Int = 0, handle: @escaping @Sendable (BlockingSocket) -> Void) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(requested).bigEndian)
        var reuse: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 4096) == 0
                    && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        descriptor = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        // The accept thread owns the descriptor and closes it when accept fails (after `stop`
        // shuts the socket down): closed elsewhere, its number could be reused by another socket
        // whose connections this thread would then take, keeping that socket alive too.
        Thread.detachNewThread {
            while true {
                let client = accept(listener, nil, nil)
                guard client >= 0 else {
                    Glibc.close(listener)
                    return
                }
                let socket = BlockingSocket(descriptor: client)
                socket.setReceiveTimeout(seconds: 10)
                Thread.detachNewThread { handle(socket) }
            }
        }
    }

    /// Echoes everything, then passes the client's FIN back.
    public static func echo() throws -> BlockingServer {
        try BlockingServer { socket in
            while case .data(let bytes) = socket.receive() { try? socket.send(bytes) }
            socket.shutdownOutput()
            socket.close()
        }
    }

    /// Stops accepting; the accept thread then closes the socket.
    public func stop() {
        shutdown(descriptor, Int32(SHUT_RDWR))
    }
}

/// A free TCP port on 127.0.0.1 below the ephemeral range (32768 and up), where no test binding
/// port 0 can take it: for a test that closes a listener and expects the port to stay unused.
public func freePortBelowEphemeralRange() throws -> Int {
    for _ in 0..<1_000 {
        let candidate = Int.random(in: 20_000..<32_000)
        if let server = try? BlockingServer(port: candidate, handle: { $0.close() }) {
            server.stop()
            return candidate
        }
    }
    throw POSIXError(.EADDRINUSE)
}
