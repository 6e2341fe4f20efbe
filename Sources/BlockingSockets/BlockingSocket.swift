import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP socket on 127.0.0.1, for tests and benchmarks that need exact control over
/// half-close and RST, and threads of their own rather than an event loop.
public struct BlockingSocket: Sendable {
    public let descriptor: Int32

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public enum Received: Equatable, Sendable {
        case data([UInt8])
        case endOfStream
        case reset
        case timedOut
    }

    public static func connect(port: Int) throws -> BlockingSocket {
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
        var noDelay: Int32 = 1  // as database clients do: small requests go out at once, not after an ACK
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        let socket = BlockingSocket(descriptor: fd)
        socket.setReceiveTimeout(seconds: 10)
        return socket
    }

    public func setReceiveTimeout(seconds: Int) {
        setReceiveTimeout(milliseconds: seconds * 1_000)
    }

    public func setReceiveTimeout(milliseconds: Int) {
        BlockingSockets.setReceiveTimeout(of: descriptor, milliseconds: milliseconds)
    }

    public func send(_ bytes: [UInt8]) throws {
        try send(bytes, range: bytes.indices)
    }

    /// Sends `range` of `bytes` without copying it.
    public func send(_ bytes: [UInt8], range: Range<Int>) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = range.lowerBound
            while offset < range.upperBound {
                let sent = Glibc.send(descriptor, raw.baseAddress! + offset, range.upperBound - offset, Int32(MSG_NOSIGNAL))
                guard sent > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                offset += sent
            }
        }
    }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func receive(maximum: Int = 65_536) -> Received {
        var buffer = [UInt8](repeating: 0, count: maximum)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, maximum, 0) }
        if count > 0 { return .data(Array(buffer[..<count])) }
        if count == 0 { return .endOfStream }
        return errno == ECONNRESET ? .reset : .timedOut
    }

    /// Reads until the end of the stream into a buffer sized for `expected` bytes, without a copy per read.
    public func receiveAll(expecting expected: Int) -> (bytes: [UInt8], end: Received) {
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
    public func receiveAll() -> (bytes: [UInt8], end: Received) {
        var bytes: [UInt8] = []
        while true {
            switch receive() {
            case .data(let chunk): bytes += chunk
            case let end: return (bytes, end)
            }
        }
    }

    public func receiveText(count: Int) -> String {
        var bytes: [UInt8] = []
        while bytes.count < count, case .data(let chunk) = receive() { bytes += chunk }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Sends a FIN: no more data from this side; the other direction stays open.
    public func shutdownOutput() { shutdown(descriptor, Int32(SHUT_WR)) }

    /// Closes with SO_LINGER 0, so the peer gets an RST.
    public func reset() {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        Glibc.close(descriptor)
    }

    public func close() { Glibc.close(descriptor) }
}


/// Makes receives on `descriptor` give up after `milliseconds` (0: never).
func setReceiveTimeout(of descriptor: Int32, milliseconds: Int) {
    var timeout = timeval(tv_sec: milliseconds / 1_000, tv_usec: (milliseconds % 1_000) * 1_000)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
}
