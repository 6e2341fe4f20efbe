import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A blocking UDP socket on the loopback address (IPv4 or IPv6), for tests and benchmarks that
/// send and receive datagrams from threads of their own.
public struct BlockingDatagramSocket: Sendable {
    public let descriptor: Int32
    public let port: Int
    public let isIPv6: Bool

    /// Binds to the loopback address on `port` (any free port when 0).
    public init(port requested: Int = 0, ipv6: Bool = false) throws {
        isIPv6 = ipv6
        let fd = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var storage = Self.loopback(port: requested, ipv6: ipv6)
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let bound = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, ipv6 ? socklen_t(MemoryLayout<sockaddr_in6>.size) : socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                    && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(fd)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EADDRINUSE)
        }
        descriptor = fd
        port = Self.port(of: storage)
        var bufferSize: Int32 = 4 << 20
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bufferSize, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bufferSize, socklen_t(MemoryLayout<Int32>.size))
        setReceiveTimeout(milliseconds: 2_000)
    }

    public func setReceiveTimeout(milliseconds: Int) {
        BlockingSockets.setReceiveTimeout(of: descriptor, milliseconds: milliseconds)
    }

    /// Sends one datagram to the loopback address's `port`.
    @discardableResult
    public func send(_ bytes: [UInt8], toPort port: Int) -> Bool {
        var storage = Self.loopback(port: port, ipv6: isIPv6)
        let length = isIPv6 ? socklen_t(MemoryLayout<sockaddr_in6>.size) : socklen_t(MemoryLayout<sockaddr_in>.size)
        let sent = bytes.withUnsafeBytes { raw in
            withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(descriptor, raw.baseAddress, raw.count, 0, $0, length) }
            }
        }
        return sent == bytes.count
    }

    /// The next datagram and the port it came from, or nil when none came within the timeout.
    public func receive() -> (bytes: [UInt8], fromPort: Int)? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let count = buffer.withUnsafeMutableBytes { raw in
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(descriptor, raw.baseAddress, raw.count, 0, $0, &length) }
            }
        }
        guard count >= 0 else { return nil }
        return (Array(buffer[..<count]), Self.port(of: storage))
    }

    public func close() { Glibc.close(descriptor) }

    private static func loopback(port: Int, ipv6: Bool) -> sockaddr_storage {
        var storage = sockaddr_storage()
        withUnsafeMutablePointer(to: &storage) { pointer in
            if ipv6 {
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    address.pointee.sin6_family = sa_family_t(AF_INET6)
                    address.pointee.sin6_port = in_port_t(UInt16(port).bigEndian)
                    address.pointee.sin6_addr = in6addr_loopback
                }
            } else {
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    address.pointee.sin_family = sa_family_t(AF_INET)
                    address.pointee.sin_port = in_port_t(UInt16(port).bigEndian)
                    address.pointee.sin_addr.s_addr = inet_addr("127.0.0.1")
                }
            }
        }
        return storage
    }

    private static func port(of storage: sockaddr_storage) -> Int {
        var storage = storage
        let isIPv6 = storage.ss_family == sa_family_t(AF_INET6)
        return withUnsafePointer(to: &storage) { pointer in
            if isIPv6 {
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            } else {
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        }
    }
}

/// A UDP server on the loopback address that echoes every datagram to its sender, prefixed with
/// `prefix`, on a thread of its own until stopped.
public final class DatagramEchoServer: Sendable {
    public let socket: BlockingDatagramSocket
    private let stopped = Atomic<Bool>(false)
    public var port: Int { socket.port }

    public init(ipv6: Bool = false, prefix: [UInt8] = []) throws {
        socket = try BlockingDatagramSocket(ipv6: ipv6)
        socket.setReceiveTimeout(milliseconds: 100)
        Thread.detachNewThread { [self] in
            while !stopped.load(ordering: .relaxed) {
                if let (bytes, from) = socket.receive() { socket.send(prefix + bytes, toPort: from) }
            }
            socket.close()
        }
    }

    /// Ends the echo thread, which closes the socket.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
    }
}
