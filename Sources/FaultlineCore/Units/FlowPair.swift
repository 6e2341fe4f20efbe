/// One value for each flow of a connection, reached by `Flow` without hashing.
public struct FlowPair<Value> {
    public var upstream: Value
    public var downstream: Value

    public init(upstream: Value, downstream: Value) {
        self.upstream = upstream
        self.downstream = downstream
    }

    public subscript(flow: Flow) -> Value {
        get { flow == .upstream ? upstream : downstream }
        set {
            if flow == .upstream { upstream = newValue } else { downstream = newValue }
        }
    }

    public var both: [Value] { [upstream, downstream] }
}

extension FlowPair: Sendable where Value: Sendable {}
extension FlowPair: Equatable where Value: Equatable {}
