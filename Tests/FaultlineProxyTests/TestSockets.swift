import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Blocking TCP sockets on 127.0.0.1 for integration tests: exact control over half-close and RST.
struct TestSocket: Sendable {
    let descriptor: Int32

    enum Received: Equatable {
        case data([UInt8])
        case endOfStream
        case reset
        case timedOut
    }

    static func connect(port: Int) throws -> TestSocket {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        let socket = TestSocket(descriptor: fd)
        socket.setReceiveTimeout(seconds: 10)
        return socket
    }

    func setReceiveTimeout(seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ bytes: [UInt8]) throws {
        try send(bytes, range: bytes.indices)
    }

    /// Sends `range` of `bytes` without copying it.
    func send(_ bytes: [UInt8], range: Range<Int>) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = range.lowerBound
            while offset < range.upperBound {
                let sent = Glibc.send(descriptor, raw.baseAddress! + offset, range.upperBound - offset, Int32(MSG_NOSIGNAL))
                guard sent > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                offset += sent
            }
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func receive(maximum: Int = 65_536) -> Received {
        var buffer = [UInt8](repeating: 0, count: maximum)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, maximum, 0) }
        if count > 0 { return .data(Array(buffer[..<count])) }
        if count == 0 { return .endOfStream }
        return errno == ECONNRESET ? .reset : .timedOut
    }

    /// Reads until the end of the stream into a buffer sized for `expected` bytes, without a copy per read.
    func receiveAll(expecting expected: Int) -> (bytes: [UInt8], end: Received) {
        var bytes = [UInt8](repeating: 0, count: expected + 1)
        var filled = 0
        var end = Received.endOfStream
        bytes.withUnsafeMutableBytes { raw in
            while filled < raw.count {
                let count = recv(descriptor, raw.baseAddress! + filled, raw.count - filled, 0)
                if count > 0 { filled += count; continue }
                end = count == 0 ? .endOfStream : (errno == ECONNRESET ? .reset : .timedOut)
                return
            }
        }
        return (Array(bytes[..<filled]), end)
    }

    /// Reads until the end of the stream (or a reset or time-out), returning the bytes and how it ended.
    func receiveAll() -> (bytes: [UInt8], end: Received) {
        var bytes: [UInt8] = []
        while true {
            switch receive() {
            case .data(let chunk): bytes += chunk
            case let end: return (bytes, end)
            }
        }
    }

    func receiveText(count: Int) -> String {
        var bytes: [UInt8] = []
        while bytes.count < count, case .data(let chunk) = receive() { bytes += chunk }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Sends a FIN: no more data from this side; the other direction stays open.
    func shutdownOutput() { shutdown(descriptor, Int32(SHUT_WR)) }

    /// Closes with SO_LINGER 0, so the peer gets an RST.
    func reset() {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        Glibc.close(descriptor)
    }

    func close() { Glibc.close(descriptor) }
}

/// A server on 127.0.0.1 that runs `handle` on its own thread for each accepted connection.
final class TestServer: Sendable {
    let port: Int
    private let descriptor: Int32

    init(handle: @escaping @Sendable (TestSocket) -> Void) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 128) == 0
                    && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        descriptor = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread {
            while true {
                let client = accept(listener, nil, nil)
                guard client >= 0 else { return }
                let socket = TestSocket(descriptor: client)
                socket.setReceiveTimeout(seconds: 10)
                Thread.detachNewThread { handle(socket) }
            }
        }
    }

    /// Echoes everything, then passes the client's FIN back.
    static func echo() throws -> TestServer {
        try TestServer { socket in
            while case .data(let bytes) = socket.receive() { try? socket.send(bytes) }
            socket.shutdownOutput()
            socket.close()
        }
    }

    func stop() {
        shutdown(descriptor, Int32(SHUT_RDWR))
        Glibc.close(descriptor)
    }
}

/// A port on which nothing listens.
func closedPort() throws -> Int {
    let server = try TestServer { $0.close() }
    server.stop()
    return server.port
}

/// Runs blocking socket work on a thread of its own: blocking one of Swift concurrency's few
/// cooperative threads (two on a 2-core machine) would starve the actors the test is waiting on.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}
