#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Records what workload clients do, as they do it.
///
/// Workers call `invoke` and then `complete`; each event gets a monotonic timestamp and, when a
/// file is given, is appended to it as a JSON line at once, so a run that is killed keeps its
/// history up to that moment. After an `info` outcome the worker continues under a fresh
/// process id, as Jepsen does: the crashed operation stays open forever.
public actor HistoryRecorder {
    /// What `invoke` returns; hand it back to `complete`.
    public struct Ticket: Hashable, Sendable {
        public let worker: Int
        public let process: Int
        public let f: String
        public let key: HistoryValue?
        fileprivate let sequence: Int
    }

    public enum RecorderError: Error, Equatable, CustomStringConvertible {
        case cannotOpen(path: String, reason: String)
        case busyWorker(Int)
        case unknownTicket
        case notACompletion
        case writeFailed(reason: String)
        /// An event reported from outside that does not fit the history so far.
        case misplaced(String)

        public var description: String {
            switch self {
            case .cannotOpen(let path, let reason): "cannot write the history to \(path): \(reason)"
            case .busyWorker(let worker): "worker \(worker) invoked an operation while its previous one is outstanding"
            case .unknownTicket: "completion for an operation that is not outstanding"
            case .notACompletion: "a completion is ok, fail or info"
            case .writeFailed(let reason): "cannot append to the history: \(reason)"
            case .misplaced(let reason): reason
            }
        }
    }

    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var processes: [Int: Int] = [:]
    private var nextFreshProcess: Int
    private var outstanding: [Int: Ticket] = [:]
    private var sequence = 0
    private let descriptor: Int32?
    /// The operation each process of an external workload has open, by process.
    private var externalOpen: [Int: String] = [:]
    /// External processes whose last operation ended info: like Jepsen's, they are done.
    private var externalCrashed: Set<Int> = []
    public private(set) var events: [Event] = []
    /// How many operations have ended ok, fail and info so far, for progress reports.
    public private(set) var completed: [EventType: Int] = [:]

    /// A recorder for `workers` workers (numbered from 0), streaming to `path` when given.
    public init(workers: Int, streamingTo path: String? = nil) throws(RecorderError) {
        start = clock.now
        nextFreshProcess = workers
        if let path {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
            }
            self.descriptor = descriptor
        } else {
            descriptor = nil
        }
    }

    deinit {
        if let descriptor { close(descriptor) }
    }

    /// Records that `worker` invokes `f` with `value`.
    public func invoke(worker: Int, f: String, value: HistoryValue = .null, key: HistoryValue? = nil)
        throws(RecorderError) -> Ticket {
        guard outstanding[worker] == nil else { throw .busyWorker(worker) }
        let process = processes[worker] ?? worker
        sequence += 1
        let ticket = Ticket(worker: worker, process: process, f: f, key: key, sequence: sequence)
        outstanding[worker] = ticket
        try append(Event(index: events.count, process: .client(process), type: .invoke, f: f, value: value, key: key,
                         time: elapsed()))
        return ticket
    }

    /// Records how the operation ended: `ok` with its result, `fail` (it certainly did not take
    /// effect) or `info` (unknown; the worker then continues as a new process).
    public func complete(_ ticket: Ticket, _ type: EventType, value: HistoryValue = .null, error: HistoryValue? = nil)
        throws(RecorderError) {
        guard type != .invoke else { throw .notACompletion }
        guard outstanding[ticket.worker] == ticket else { throw .unknownTicket }
        outstanding[ticket.worker] = nil
        completed[type, default: 0] += 1
        if type == .info {
            processes[ticket.worker] = nextFreshProcess
            nextFreshProcess += 1
        }
        try append(Event(index: events.count, process: .client(ticket.process), type: type, f: ticket.f, value: value,
                         key: ticket.key, time: elapsed(), error: error))
    }

    /// Records an event of a named actor, such as the nemesis starting or stopping a fault.
    public func note(process: String, f: String, value: HistoryValue = .null) throws(RecorderError) {
        try append(Event(index: events.count, process: .named(process), type: .info, f: f, value: value, time: elapsed()))
    }

    /// Records an event that an external workload reports of its own processes, numbered as it
    /// likes: an invoke needs its process idle (and not ended by an info), a completion must
    /// match its process's open operation. The recorder stamps the time itself; events of named
    /// processes (the workload's own nemesis, say) are kept as they are.
    public func record(external event: Event) throws(RecorderError) {
        guard case .client(let process) = event.process else {
            return try append(Event(index: events.count, process: event.process, type: event.type, f: event.f,
                                    value: event.value, key: event.key, time: elapsed(), error: event.error))
        }
        if event.type == .invoke {
            if let open = externalOpen[process] {
                throw .misplaced("process \(process) invokes \(event.f) while its \(open) is still open")
            }
            if externalCrashed.contains(process) {
                throw .misplaced("process \(process) ended an operation with info, so it cannot invoke again; go on as a new process number")
            }
            externalOpen[process] = event.f
        } else {
            guard let open = externalOpen[process] else {
                throw .misplaced("process \(process) completes \(event.f), but it has no operation open")
            }
            guard open == event.f else {
                throw .misplaced("process \(process) completes \(event.f), but its open operation is \(open)")
            }
            externalOpen[process] = nil
            completed[event.type, default: 0] += 1
            if event.type == .info { externalCrashed.insert(process) }
        }
        try append(Event(index: events.count, process: event.process, type: event.type, f: event.f, value: event.value,
                         key: event.key, time: elapsed(), error: event.error))
    }

    public var history: History { History(events: events) }

    private func elapsed() -> Int64 {
        let (seconds, attoseconds) = (clock.now - start).components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    private func append(_ event: Event) throws(RecorderError) {
        events.append(event)
        guard let descriptor else { return }
        var bytes = Array((JSONLCodec.encode(event) + "\n").utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .writeFailed(reason: String(cString: strerror(errno)))
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
