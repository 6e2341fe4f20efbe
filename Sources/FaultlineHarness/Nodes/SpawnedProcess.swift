import FaultlineCore
import FaultlineLab
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A child process in a process group of its own, so that stopping it stops everything it
/// started too (a database's helpers, a shell's children): nothing is left behind.
final class SpawnedProcess: Sendable {
    let pid: pid_t
    private let status = Mutex<Int32?>(nil)
    private let exited = DispatchSemaphore(value: 0)

    /// Why a process could not be started.
    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts `command` (a path, or a name looked up in PATH) in `directory`, with standard
    /// output and error appended to `logFile` (or discarded when nil), inside `namespace` when
    /// one is given (a lab host: the child is spawned from a thread that entered it).
    init(command: String, arguments: [String], environment: [String: String], directory: String?, logFile: String?,
         namespace: NetworkNamespace? = nil) throws {
        let spawn = { @Sendable in
            try Self.spawn(command: command, arguments: arguments, environment: environment, directory: directory, logFile: logFile)
        }
        let spawned = try namespace.map { try $0.run(spawn) } ?? spawn()
        pid = spawned
        Thread.detachNewThread { [self] in
            var raw: Int32 = 0
            while waitpid(spawned, &raw, 0) == -1, errno == EINTR {}
            status.withLock { $0 = raw }
            exited.signal()
        }
    }

    private static func spawn(command: String, arguments: [String], environment: [String: String], directory: String?,
                              logFile: String?) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let log = logFile ?? "/dev/null"
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        closeInheritedDescriptors(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var signals = sigset_t()
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK))

        let merged = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        // The shell changes directory and then becomes the command (exec keeps the pid and the group).
        let words = directory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0, command] } ?? [command]
        let argv = (words + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let result = posix_spawnp(&child, words[0], &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw SpawnError(description: "cannot start '\(command)': \(String(cString: strerror(result)))")
        }
        return child
    }

    /// The child must not inherit the controller's sockets: a node holding a copy of a proxy's
    /// listening socket would keep that port accepting after the proxy closed it. glibc's
    /// `posix_spawn_file_actions_addclosefrom_np` closes everything from 3 up in the child;
    /// where it is missing, the descriptors open now are closed one by one.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
            return
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap(Int32.init) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }

    /// The exit status once the process has ended (128 + signal when a signal ended it).
    var exitStatus: Int32? {
        status.withLock { raw in
            raw.map { value in (value & 0x7f) == 0 ? (value >> 8) & 0xff : 128 + (value & 0x7f) }
        }
    }

    var isRunning: Bool { exitStatus == nil }

    /// Sends `signal` to the whole process group.
    func signal(_ signal: Int32) {
        if isRunning { killpg(pid, signal) }
    }

    /// Waits up to `timeout` for the process to end; true if it has.
    func waitForExit(timeout: Duration) async -> Bool {
        if !isRunning { return true }
        let deadline = DispatchTime.now() + .nanoseconds(Int(timeout.nanoseconds))
        let exited = exited
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let ended = exited.wait(timeout: deadline) == .success
                if ended { exited.signal() }  // leave it signalled for later waiters
                continuation.resume(returning: ended)
            }
        }
    }
}
