import FaultlineCore
import NIOCore

/// The fault stages of one flow of one UDP session, in profile order. Unlike a stream's
/// pipeline it keeps no order: a datagram may overtake another, as on a real network. It
/// tells what each stage did to the datagrams, for the proxy's counters.
struct PacketPipeline {
    private var stages: [(type: FaultType, stage: any FaultStage)]

    init(_ stages: [(type: FaultType, stage: any FaultStage)]) {
        self.stages = stages
    }

    var isEmpty: Bool { stages.isEmpty }

    /// The fault types of the stages, in order.
    var faultTypes: [FaultType] { stages.map(\.type) }

    /// The datagrams to send for one that arrived at `time`, each with its departure time.
    mutating func receive(_ datagram: ByteBuffer, at time: NIODeadline, tally: inout PacketTally) -> [(ByteBuffer, NIODeadline)] {
        var items = [(datagram, time)]
        for index in stages.indices {
            let type = stages[index].type
            var next: [(ByteBuffer, NIODeadline)] = []
            for (bytes, arrival) in items {
                let outputs = stages[index].stage.receive(bytes, at: arrival).compactMap { emission -> (ByteBuffer, NIODeadline)? in
                    guard case .data(let out, let departure) = emission else { return nil }
                    return (out, departure)
                }
                tally.record(type: type, input: bytes, arrival: arrival, outputs: outputs)
                next += outputs
            }
            items = next
        }
        return items
    }
}

/// What the stages did to datagrams: how many each fault type dropped, and how many were
/// duplicated, sent ahead of held ones (reorder), and corrupted.
struct PacketTally: Equatable {
    var dropped: [FaultType: Int] = [:]
    var duplicated = 0
    var reordered = 0
    var corrupted = 0

    mutating func record(type: FaultType, input: ByteBuffer, arrival: NIODeadline, outputs: [(ByteBuffer, NIODeadline)]) {
        if outputs.isEmpty { dropped[type, default: 0] += 1 }
        duplicated += max(0, outputs.count - 1)
        if type == .reorder, outputs.first?.1 == arrival { reordered += 1 }
        if type == .corrupt, let output = outputs.first?.0, output != input { corrupted += 1 }
    }
}
