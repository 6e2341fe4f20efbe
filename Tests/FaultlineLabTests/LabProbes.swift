import BlockingSockets
import FaultlineCore
import FaultlineLab
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Sockets made inside lab hosts, to see what crosses the lab's links.
enum LabProbes {
    static let port: UInt16 = 7700

    /// A TCP server on `address` in `namespace` that accepts and closes; or, with `count`, one
    /// that adds up what it receives. Stopped by `stop()`.
    final class Listener: Sendable {
        let descriptor: Int32
        /// Bytes received so far, with when each read arrived.
        let received = Mutex<[(ContinuousClock.Instant, Int)]>([])

        init(_ address: IPv4Address, in namespace: NetworkNamespace, count: Bool = false) throws {
            descriptor = try namespace.run { try LabProbes.socket(SOCK_STREAM, boundTo: address) }
            guard listen(descriptor, 64) == 0 else { throw LabError("listen: \(errno)") }
            Thread.detachNewThread { [self] in
                while true {
                    let client = accept(descriptor, nil, nil)
                    guard client >= 0 else { return }
                    guard count else {
                        close(client)
                        continue
                    }
                    var buffer = [UInt8](repeating: 0, count: 65_536)
                    while case let read = Glibc.read(client, &buffer, buffer.count), read > 0 {
                        received.withLock { $0.append((ContinuousClock.now, read)) }
                    }
                    close(client)
                }
            }
        }

        func stop() {
            shutdown(descriptor, Int32(SHUT_RDWR))
            close(descriptor)
        }
    }

    /// Whether a TCP connection from `namespace` (nil: the machine's own) to `address` opens within
    /// two seconds (a healthy link takes well under a millisecond, even on a loaded machine).
    static func connects(from namespace: NetworkNamespace?, to address: IPv4Address) async throws -> Bool {
        let attempt = { @Sendable () -> Bool in
            let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(descriptor) }
            _ = fcntl(descriptor, F_SETFL, O_NONBLOCK)
            let started = LabProbes.withAddress(address) { connect(descriptor, $0, $1) }
            if started == 0 { return true }
            guard errno == EINPROGRESS else { return false }
            var poll = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            guard Glibc.poll(&poll, 1, 2000) == 1 else { return false }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
            return error == 0
        }
        guard let namespace else { return try await blocking(attempt) }
        return try await namespace.perform(attempt)
    }

    /// Whether a UDP datagram sent from host `from` to host `to` arrives within half a second.
    static func datagramArrives(from: (NetworkNamespace, IPv4Address), to: (NetworkNamespace, IPv4Address)) async throws -> Bool {
        let receiver = try await to.0.perform { try LabProbes.socket(SOCK_DGRAM, boundTo: to.1) }
        defer { close(receiver) }
        var timeout = timeval(tv_sec: 0, tv_usec: 500_000)
        setsockopt(receiver, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let destination = to.1
        try await from.0.perform {
            let sender = Glibc.socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            defer { close(sender) }
            _ = LabProbes.withAddress(destination) { sendto(sender, "ping", 4, 0, $0, $1) }
        }
        return try await to.0.perform {
            var buffer = [UInt8](repeating: 0, count: 16)
            return recv(receiver, &buffer, buffer.count, 0) == 4
        }
    }

    /// Sends as fast as TCP lets it from `namespace` to `address` for `duration`.
    static func blast(from namespace: NetworkNamespace, to address: IPv4Address, for duration: Duration) async throws {
        try await namespace.perform {
            let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(descriptor) }
            let connected = LabProbes.withAddress(address) { connect(descriptor, $0, $1) }
            guard connected == 0 else { throw LabError("connect: \(errno)") }
            let chunk = [UInt8](repeating: 7, count: 16_384)
            let end = ContinuousClock.now + duration
            while ContinuousClock.now < end {
                guard write(descriptor, chunk, chunk.count) > 0 else { throw LabError("write: \(errno)") }
            }
        }
    }

    private static func socket(_ type: __socket_type, boundTo address: IPv4Address) throws -> Int32 {
        let descriptor = Glibc.socket(AF_INET, Int32(type.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = withAddress(address) { bind(descriptor, $0, $1) }
        guard bound == 0 else {
            close(descriptor)
            throw LabError("bind \(address): \(String(cString: strerror(errno)))")
        }
        return descriptor
    }

    /// `body` with `address` at the probes' port, as the socket calls take it.
    private static func withAddress<T>(_ address: IPv4Address, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = port.bigEndian
        socketAddress.sin_addr.s_addr = address.value.bigEndian
        return withUnsafePointer(to: &socketAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }
}
