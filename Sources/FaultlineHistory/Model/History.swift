/// A history as recorded: events in order, and the operations they pair into.
public struct History: Sendable {
    public var events: [Event]

    public init(events: [Event]) {
        self.events = events
    }

    /// Pairs each client invocation with its completion, following Jepsen's semantics: `fail`
    /// operations did not take effect and are set aside; `info` ones and invocations that never
    /// complete may have taken effect at any moment after their invocation, or never. Events of
    /// named processes (the nemesis) pair with nothing and are set aside too.
    ///
    /// Throws every structural problem, each naming its event and line.
    public func paired() throws(HistoryError) -> PairedHistory {
        var operations: [Operation] = []
        var failed: [Operation] = []
        var nemesis: [Event] = []
        var problems: [HistoryError.Problem] = []
        var outstanding: [Int: Operation] = [:]
        var invocationOrder = 0
        for event in events {
            guard case .client(let process) = event.process else {
                nemesis.append(event)
                continue
            }
            switch event.type {
            case .invoke:
                if let open = outstanding[process] {
                    problems.append(.init(event: event, message:
                        "process \(process) invokes '\(event.f)' while its '\(open.f)' from \(open.place) is still outstanding (a process has at most one operation at a time)"))
                    continue
                }
                outstanding[process] = Operation(
                    id: invocationOrder, process: process, f: event.f, input: event.value, output: nil,
                    outcome: .unknown, key: event.key, invokeIndex: event.index, completionIndex: nil,
                    invokeTime: event.time, line: event.line)
                invocationOrder += 1
            case .ok, .fail, .info:
                guard var operation = outstanding.removeValue(forKey: process) else {
                    problems.append(.init(event: event, message:
                        "process \(process) completes '\(event.f)' (\(event.type.rawValue)) without having invoked it"))
                    continue
                }
                guard operation.f == event.f else {
                    problems.append(.init(event: event, message:
                        "process \(process) completes '\(event.f)' but invoked '\(operation.f)' at \(operation.place)"))
                    continue
                }
                operation.completionIndex = event.index
                operation.completionTime = event.time
                if operation.key == nil { operation.key = event.key }
                switch event.type {
                case .ok:
                    operation.outcome = .ok
                    operation.output = event.value
                    operations.append(operation)
                case .fail:
                    failed.append(operation)
                default:
                    operations.append(operation)
                }
            }
        }
        operations.append(contentsOf: outstanding.values)
        guard problems.isEmpty else { throw HistoryError(problems: problems) }
        operations.sort { $0.id < $1.id }
        let renumbered = operations.enumerated().map { index, operation in
            var copy = operation
            copy.id = index
            return copy
        }
        let processes = Set(renumbered.map(\.process)).union(failed.map(\.process)).count
        return PairedHistory(operations: renumbered, failed: failed, nemesis: nemesis, eventCount: events.count,
                             processCount: processes)
    }
}

/// The operations of a history, ready to check.
public struct PairedHistory: Sendable {
    /// The operations that may have taken effect (ok, info, never completed), ids dense from 0 in
    /// invocation order.
    public var operations: [Operation]
    /// Operations that completed `fail`: they did not take effect. Kept for reports.
    public var failed: [Operation]
    /// Events of named processes such as the nemesis, for reports (fault windows).
    public var nemesis: [Event]
    public var eventCount: Int
    public var processCount: Int
}

/// Structural problems in a history, each with its event index and line.
public struct HistoryError: Error, Sendable, CustomStringConvertible {
    public struct Problem: Sendable, CustomStringConvertible {
        public var index: Int
        public var line: Int?
        public var message: String

        init(event: Event, message: String) {
            index = event.index
            line = event.line
            self.message = message
        }

        public init(index: Int, line: Int?, message: String) {
            self.index = index
            self.line = line
            self.message = message
        }

        public var description: String {
            (line.map { "line \($0), " } ?? "") + "event \(index): \(message)"
        }
    }

    public var problems: [Problem]

    public init(problems: [Problem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
