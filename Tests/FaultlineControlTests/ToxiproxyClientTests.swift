import BlockingSockets
import Foundation
import Testing

/// The API as an existing Toxiproxy client sees it: a Python script written the way the public
/// clients are (standard library only), run against a live server.
@Suite struct ToxiproxyClientTests {
    @Test func aToxiproxyStyleClientCompletesAWholeSession() async throws {
        let api = try await APIServer.start()
        let echo = try BlockingServer.echo()
        defer { echo.stop() }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("toxiproxy_client.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, String(api.client.port), String(echo.port),
                             String(try freePortBelowEphemeralRange())]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = try await blocking {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.hasSuffix("ok\n"))
        await api.stop()
    }
}
