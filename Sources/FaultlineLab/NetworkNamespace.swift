import CNetlink
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A named network namespace, kept alive by a bind mount in /run/netns as `ip netns add` keeps
/// one, so that `ip netns exec` and `ip -n` work on the lab's hosts too.
///
/// A thread can enter a namespace while the rest of the process stays where it is: sockets and
/// processes that thread creates belong to the namespace for good. `run` does its work on such a
/// thread, which is how the lab talks netlink inside a host and starts nodes there. The thread
/// goes back to the machine's namespace before it hands its result on: threads that the runtime
/// starts from it (a worker of the task pool, woken to resume the caller) would otherwise be
/// born inside the lab host, and every task they ran would see the host's network.
public struct NetworkNamespace: Hashable, Sendable, CustomStringConvertible {
    public static let directory = "/run/netns"

    public let name: String

    public init(name: String) {
        self.name = name
    }

    public var path: String { Self.directory + "/" + name }
    public var description: String { name }
    public var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// The namespaces under /run/netns whose names `matching` accepts.
    public static func all(matching: (String) -> Bool) -> [NetworkNamespace] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter(matching).sorted().map(NetworkNamespace.init)
    }

    /// Creates a new, empty namespace (only a loopback link, down) under `name`.
    public static func create(_ name: String) async throws -> NetworkNamespace {
        let namespace = NetworkNamespace(name: name)
        try await detached(returningHome {
            try prepareDirectory()
            let file = open(namespace.path, O_RDONLY | O_CREAT | O_EXCL, 0o444)
            guard file >= 0 else { throw LabError.system("cannot create \(namespace.path)", errno) }
            close(file)
            guard unshare(cnetlink_clone_newnet) == 0 else {
                unlink(namespace.path)
                throw LabError.system("cannot make a network namespace", errno)
            }
            guard mount("/proc/thread-self/ns/net", namespace.path, "none", UInt(MS_BIND), nil) == 0 else {
                unlink(namespace.path)
                throw LabError.system("cannot bind the new namespace to \(namespace.path)", errno)
            }
        })
        return namespace
    }

    /// Unmounts and deletes the namespace's name; the kernel frees it once no process is left in it.
    public func remove() throws {
        umount2(path, Int32(MNT_DETACH))
        guard unlink(path) == 0 || errno == ENOENT else { throw LabError.system("cannot remove \(path)", errno) }
    }

    /// Runs `body` on a new thread that has entered the namespace, and returns what it returns;
    /// the calling thread waits.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        try Self.onOwnThread(entering(body))
    }

    /// Runs `body` on a new thread that has entered the namespace; the caller's task suspends
    /// meanwhile, so that slow work (a connection that times out) holds no thread of the pool.
    public func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await Self.detached(entering(body))
    }

    /// Runs `body` on a thread of its own while the caller's task suspends. Everything that
    /// touches the kernel's network state goes this way: rtnetlink waits for a lock that tearing
    /// down namespaces holds for long, and the task pool has only as many threads as cores.
    static func detached<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }

    /// `body` inside the namespace, for a thread of its own, which comes back afterwards.
    private func entering<T>(_ body: @escaping @Sendable () throws -> T) -> @Sendable () throws -> T {
        Self.returningHome { [self] in
            let descriptor = try openDescriptor()
            defer { close(descriptor) }
            guard setns(descriptor, cnetlink_clone_newnet) == 0 else { throw LabError.system("cannot enter namespace \(path)", errno) }
            return try body()
        }
    }

    /// `body`, after which the thread is back in the network namespace it started in, whatever
    /// `body` entered or made.
    static func returningHome<T>(_ body: @escaping @Sendable () throws -> T) -> @Sendable () throws -> T {
        {
            let home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
            guard home >= 0 else { throw LabError.system("cannot open this thread's namespace", errno) }
            defer {
                // Failing here would leave a thread of this process inside a lab host.
                precondition(setns(home, cnetlink_clone_newnet) == 0, "cannot return to the machine's network namespace")
                close(home)
            }
            return try body()
        }
    }

    /// An open descriptor of the namespace, for moving links into it; the caller closes it.
    func openDescriptor() throws -> Int32 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw LabError.system("cannot open namespace \(path)", errno) }
        return descriptor
    }

    /// /run/netns as iproute2 leaves it: a shared mount point, so that namespaces mounted in it
    /// show in other mount namespaces too.
    private static func prepareDirectory() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let sharedRecursive = UInt(MS_SHARED) | UInt(MS_REC)
        if mount("", directory, "none", sharedRecursive, nil) == 0 { return }
        guard errno == EINVAL, mount(directory, directory, "none", UInt(MS_BIND) | UInt(MS_REC), nil) == 0,
              mount("", directory, "none", sharedRecursive, nil) == 0 else {
            throw LabError.system("cannot prepare \(directory) for namespaces", errno)
        }
    }

    /// Runs `body` on a thread of its own, which ends with it (and with any namespace it entered).
    private static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let outcome = Result { try body() }
            result.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        // The semaphore orders the write before this read.
        guard let outcome = result.withLock({ $0 }) else { preconditionFailure("thread ended without a result") }
        return try outcome.get()
    }
}
