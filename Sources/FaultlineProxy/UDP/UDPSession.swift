import FaultlineCore
import NIOCore

/// One client address of a UDP proxy, with its own socket toward the upstream so that replies
/// go back to the client that caused them, and its own fault stages per flow. Confined to the
/// proxy's event loop.
final class UDPSession {
    let client: SocketAddress
    /// The socket toward the upstream, once bound.
    var upstream: Channel?
    /// Datagrams from the client that came before the socket was bound (bounded).
    var early: [ByteBuffer] = []
    var pipelines: FlowPair<PacketPipeline>
    var lastActivity: NIODeadline
    private var toxicity: ToxicityDraws

    static let earlyLimit = 64

    init(client: SocketAddress, faults: [FaultSpec], random: SeededRandom, now: NIODeadline) {
        self.client = client
        toxicity = ToxicityDraws(random: random)
        lastActivity = now
        pipelines = FlowPair(upstream: PacketPipeline([]), downstream: PacketPipeline([]))
        rebuild(faults)
    }

    /// New faults: fresh stages for both flows, keeping the toxicity draws.
    func rebuild(_ faults: [FaultSpec]) {
        for flow in Flow.allCases {
            pipelines[flow] = PacketPipeline(toxicity.stages(faults, for: flow) { $0.packetStage(random: $1) })
        }
    }
}
