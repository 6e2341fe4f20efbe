import NIOCore

/// What a fault stage answers for a piece of data: what to emit, and when.
public enum Emission: Equatable, Sendable {
    /// Bytes to pass on at the given time.
    case data(ByteBuffer, at: NIODeadline)
    /// The sender finished (a FIN): pass the half-close on at the given time.
    case endOfStream(at: NIODeadline)
    /// Close the whole connection (both directions) at the given time.
    case close(at: NIODeadline)
    /// Reset the whole connection (a TCP RST) at the given time.
    case reset(at: NIODeadline)

    public var time: NIODeadline {
        switch self {
        case .data(_, let time), .endOfStream(let time), .close(let time), .reset(let time): time
        }
    }

    /// The same emission at another time.
    func at(_ time: NIODeadline) -> Emission {
        switch self {
        case .data(let bytes, _): .data(bytes, at: time)
        case .endOfStream: .endOfStream(at: time)
        case .close: .close(at: time)
        case .reset: .reset(at: time)
        }
    }
}
