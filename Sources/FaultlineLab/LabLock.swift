import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A run's claim on a lab name: while a run holds it, no other run (nor `faultline lab down`)
/// tears that lab down under it. The kernel drops the claim when its process ends, so a crashed
/// run leaves nothing that blocks the next.
final class LabLock: Sendable {
    static let directory = "/run/faultline"

    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Claims lab `name`, or says which process has it.
    static func acquire(_ name: String) throws -> LabLock {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = "\(directory)/lab-\(name).lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw LabError.system("cannot open \(path)", errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw LabError("lab \(name) is in use by another run (process \(holder ?? "unknown")); wait for it to end, "
                           + "or give this suite's lab another name and subnet")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, pid, pid.count, 0)
        return LabLock(descriptor: descriptor)
    }

    /// Gives the claim up.
    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
