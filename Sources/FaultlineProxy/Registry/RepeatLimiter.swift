import Synchronization

/// Lets the first message of a kind through, then at most one per `interval`, telling how many
/// it held back meanwhile. A peer that reconnects in a loop to a dead upstream (a database
/// member retrying a killed one every 100 ms) must not flood the log, nor keep an event loop
/// busy writing it.
final class RepeatLimiter: Sendable {
    private let interval: Duration
    private let log: @Sendable (String) -> Void
    private let state = Mutex<[String: (last: ContinuousClock.Instant, held: Int)]>([:])

    init(interval: Duration = .seconds(1), log: @escaping @Sendable (String) -> Void) {
        self.interval = interval
        self.log = log
    }

    /// Logs `message` unless a message of `kind` went out less than `interval` ago.
    func log(_ message: String, kind: String) {
        let now = ContinuousClock.now
        let held: Int? = state.withLock { state in
            if let previous = state[kind], now - previous.last < interval {
                state[kind]?.held += 1
                return nil
            }
            let held = state[kind]?.held ?? 0
            state[kind] = (now, 0)
            return held
        }
        guard let held else { return }
        log(held == 0 ? message : "\(message) (and \(held) more like it since the last)")
    }
}
