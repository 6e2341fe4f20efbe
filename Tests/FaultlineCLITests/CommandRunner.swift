import BlockingSockets
import Foundation
import Synchronization

/// Runs the built `faultline` executable, which SwiftPM places beside the test bundle.
struct CommandResult {
    let status: Int32
    let standardOutput: String
    let standardError: String
}

enum Faultline {
    static let executable: URL = {
        let testBundle = URL(fileURLWithPath: CommandLine.arguments[0])
        var directory = testBundle.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("faultline").path),
              directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("faultline")
    }()

    /// The directory holding Package.swift, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `faultline arguments` on a thread of its own while the caller's task suspends (a run
    /// of minutes must not hold one of the task pool's two threads); with a `wrapper` (e.g.
    /// setpriv and its options), runs it through that.
    static func run(_ arguments: [String], in directory: URL = repositoryRoot, wrapper: [String] = []) async throws -> CommandResult {
        try await blocking { try runBlocking(arguments, in: directory, wrapper: wrapper) }
    }

    /// `run`, waiting on the calling thread.
    static func runBlocking(_ arguments: [String], in directory: URL = repositoryRoot, wrapper: [String] = []) throws -> CommandResult {
        let process = Process()
        let words = wrapper + [executable.path] + arguments
        process.executableURL = URL(fileURLWithPath: words[0])
        process.arguments = Array(words.dropFirst())
        process.currentDirectoryURL = directory
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Both pipes are drained at once: a full standard error would block the process otherwise.
        let errorData = Mutex(Data())
        let drained = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            errorData.withLock { $0 = error.fileHandleForReading.readDataToEndOfFile() }
            drained.signal()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus,
                             standardOutput: String(decoding: outputData, as: UTF8.self),
                             standardError: String(decoding: errorData.withLock { $0 }, as: UTF8.self))
    }

    /// A file in a fresh temporary directory holding `text`.
    static func temporaryFile(named name: String, containing text: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("faultline-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }
}
