import FaultlineCore
import FaultlineHistory

/// Clients performing a model's operations against the system under test for a while, each
/// invocation and completion recorded: the history the checker reads.
///
/// Each client draws its operations from its own seeded stream, so a seed gives the same
/// operations whatever the timing. After an operation of unknown outcome the client reconnects
/// and goes on as a new process, as Jepsen's clients do.
public struct ClientWorkload: Sendable {
    public var clients: Int
    public var duration: Duration
    /// When set, each client stops after this many operations even before `duration` is over.
    public var operationsPerClient: Int?
    /// How long each client waits between its operations, when no `rate` is set.
    public var pause: Duration
    /// Operations per second for all clients together: each client starts one every
    /// `clients / rate` seconds (later if the last one took longer, never in a burst to catch up).
    public var rate: Double?
    let operations: OperationGenerator
    public var seed: UInt64

    /// `model`'s operations, in the proportions of its default mix with `mix`'s weights in their
    /// place, on keys 0 to `keys` - 1 (registers and kv; with one key, operations carry none).
    public init(model: String = "cas-register", mix: [String: Double] = [:], clients: Int = 5, keys: Int = 1,
                duration: Duration = .seconds(10), operationsPerClient: Int? = nil, pause: Duration = .milliseconds(10),
                rate: Double? = nil, seed: UInt64 = 1) {
        self.clients = clients
        operations = OperationGenerator(model: model, weights: mix, keys: keys)
        self.duration = duration
        self.operationsPerClient = operationsPerClient
        self.pause = pause
        self.rate = rate
        self.seed = seed
    }

    /// Runs every client until `duration` has passed, its operations are done, or the task is
    /// cancelled, recording into `recorder`, whose workers are the clients.
    public func run(with factory: any DriverFactory, recorder: HistoryRecorder) async {
        let end = ContinuousClock.now + duration
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask { await runClient(client, factory: factory, recorder: recorder, until: end) }
            }
        }
    }

    private func runClient(_ client: Int, factory: any DriverFactory, recorder: HistoryRecorder,
                           until end: ContinuousClock.Instant) async {
        var random = SeededRandom(seed: seed).derived("client:\(client)")
        var driver: (any Driver)?
        var done = 0
        let interval = rate.map { Duration.seconds(Double(clients) / $0) }
        // Clients spread their starts over one interval, so that the total pace is even.
        var nextStart = ContinuousClock.now + (interval ?? .zero) * client / clients
        while ContinuousClock.now < end, done < operationsPerClient ?? .max, !Task.isCancelled {
            if let interval {
                try? await Task.sleep(until: nextStart)
                nextStart = max(nextStart + interval, ContinuousClock.now)
                guard ContinuousClock.now < end else { break }
            }
            let operation = operations.next(client: client, count: done, random: &random)
            done += 1
            guard let ticket = try? await recorder.invoke(worker: client, f: operation.f, value: operation.value,
                                                          key: operation.key) else { return }
            let outcome: OperationOutcome
            if let open = driver {
                outcome = await open.invoke(operation)
            } else if let opened = try? await factory.open(client: client) {
                driver = opened
                outcome = await opened.invoke(operation)
            } else {
                outcome = .fail("cannot connect")  // nothing was sent, so nothing took effect
            }
            let reconnect: Bool
            switch outcome {
            case .ok(let value):
                try? await recorder.complete(ticket, .ok, value: value)
                reconnect = false
            case .fail(let reason, let connectionInDoubt):
                try? await recorder.complete(ticket, .fail, value: operation.value, error: .string(reason))
                reconnect = connectionInDoubt
            case .info(let reason):
                try? await recorder.complete(ticket, .info, value: operation.value, error: .string(reason))
                reconnect = true
            }
            if reconnect {
                await driver?.close()
                driver = nil
            }
            if interval == nil { try? await Task.sleep(for: pause) }
        }
        await driver?.close()
    }
}
