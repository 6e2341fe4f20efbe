import FaultlineCore

/// What carries out a schedule's actions for a `ScheduleRunner`, which decides only when.
///
/// The proxy actuator acts on proxies (local or remote, through `ProxyControl`); a suite's
/// actuator adds the nemeses, which act on nodes. Each action performed comes back with what
/// was actually done (a nemesis's random targets) and the action that undoes it.
public protocol ScheduleActuator: Sendable {
    func perform(_ action: ScheduleAction) async throws -> Actuation
}

/// An action as carried out: in words, and the action that puts things back (nil when none does).
public struct Actuation: Sendable, Equatable {
    public var description: String
    public var undo: ScheduleAction?

    public init(description: String, undo: ScheduleAction?) {
        self.description = description
        self.undo = undo
    }
}

/// Carries out the proxy actions of a schedule through `ProxyControl`.
public struct ProxyActuator: ScheduleActuator {
    /// A nemesis or lab action in a schedule that has no nodes or lab to act on.
    public struct NoNodes: Error, CustomStringConvertible {
        public var description: String { "nemeses and lab actions act on a suite's nodes and lab; this schedule has none" }
    }

    public let control: any ProxyControl

    public init(control: any ProxyControl) {
        self.control = control
    }

    public func perform(_ action: ScheduleAction) async throws -> Actuation {
        let undo = try await inverse(of: action)
        switch action {
        case .partition(let partition): try await control.partition(partition)
        case .heal(let selection): try await control.heal(selection)
        case .enable(let selection): try await control.setEnabled(selection, true)
        case .disable(let selection): try await control.setEnabled(selection, false)
        case .addFault(let proxy, let fault): try await control.addFault(fault, to: proxy)
        case .removeFault(let proxy, let name): try await control.removeFault(named: name, from: proxy)
        case .setFaults(let proxy, let faults): try await control.setFaults(faults, of: proxy)
        case .nemesis, .lab: throw NoNodes()
        }
        return Actuation(description: action.description, undo: undo)
    }

    /// What puts things back as they were before `action`.
    private func inverse(of action: ScheduleAction) async throws -> ScheduleAction? {
        switch action {
        case .partition(let partition): .heal(partition.proxies)
        case .enable(let selection): .disable(selection)
        case .disable(let selection): .enable(selection)
        case .addFault(let proxy, let fault): .removeFault(proxy: proxy, faultName: fault.name)
        case .setFaults(let proxy, _): .setFaults(proxy: proxy, faults: try await control.faults(of: proxy))
        case .heal, .removeFault, .nemesis, .lab: nil
        }
    }
}
