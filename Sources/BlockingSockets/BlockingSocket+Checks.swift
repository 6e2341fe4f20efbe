extension BlockingSocket {
    /// Connects to `port` on 127.0.0.1, sends `text`, and returns as much as comes back (an echo
    /// server's answer), then closes.
    public static func roundTrip(_ text: String, port: Int) async throws -> String {
        let socket = try await blocking { try BlockingSocket.connect(port: port) }
        defer { socket.close() }
        try socket.send(text)
        return try await blocking { socket.receiveText(count: text.utf8.count) }
    }

    /// What arrives within `milliseconds` (`.timedOut` if nothing), then the usual 10 s timeout
    /// again: for checking that a fault holds data back.
    public func receive(within milliseconds: Int) async throws -> Received {
        try await blocking {
            setReceiveTimeout(milliseconds: milliseconds)
            defer { setReceiveTimeout(seconds: 10) }
            return receive()
        }
    }
}
