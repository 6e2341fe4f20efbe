/// Closes the connection once `bytes` have passed in the fault's direction.
public struct LimitData: Hashable, Sendable {
    public var bytes: ByteCount

    public init(bytes: ByteCount) {
        self.bytes = bytes
    }
}
