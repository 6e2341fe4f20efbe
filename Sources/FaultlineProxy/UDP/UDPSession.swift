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
    private let random: SeededRandom

    static let earlyLimit = 64

    init(client: SocketAddress, faults: [FaultSpec], random: SeededRandom, now: NIODeadline) {
        self.client = client
        self.random = random
        toxicity = ToxicityDraws(random: random)
        lastActivity = now
        pipelines = FlowPair(upstream: PacketPipeline([]), downstream: PacketPipeline([]))
        rebuild(faults)
    }

    /// New faults: fresh stages for both flows, keeping the toxicity draws.
    func rebuild(_ faults: [FaultSpec]) {
        for flow in Flow.allCases {
            let flowRandom = random.derived("flow:\(flow.rawValue)")
            pipelines[flow] = PacketPipeline(faults.filter { $0.direction.includes(flow) && toxicity.applies($0) }
                .compactMap { fault in fault.packetStage(random: flowRandom.derived("fault:\(fault.name)")).map { (fault.kind.type, $0) } })
        }
    }
}
