import BlockingSockets
import Foundation

/// A port on which nothing listens.
func closedPort() throws -> Int {
    let server = try BlockingServer { $0.close() }
    server.stop()
    return server.port
}
