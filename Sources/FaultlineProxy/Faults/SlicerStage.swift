import FaultlineCore
import NIOCore

/// Cuts data into slices of `average_size` ± a uniform draw up to `size_variation`, sent
/// `delay` apart, as Toxiproxy's slicer does.
struct SlicerStage: FaultStage {
    let fault: Slicer
    var random: SeededRandom
    private var lastDeparture = NIODeadline.uptimeNanoseconds(0)

    init(_ fault: Slicer, random: SeededRandom) {
        self.fault = fault
        self.random = random
    }

    mutating func receive(_ data: ByteBuffer, at time: NIODeadline) -> [Emission] {
        var remaining = data
        var emissions: [Emission] = []
        var departure = max(time, lastDeparture)
        let average = Int(fault.averageSize.bytes), variation = Int(fault.sizeVariation.bytes)
        while remaining.readableBytes > 0 {
            let size = average + (variation > 0 ? Int.random(in: -variation...variation, using: &random) : 0)
            guard let slice = remaining.readSlice(length: min(max(1, size), remaining.readableBytes)) else { break }
            if !emissions.isEmpty { departure = departure + .nanoseconds(fault.delay.nanoseconds) }
            emissions.append(.data(slice, at: departure))
        }
        lastDeparture = departure
        return emissions
    }
}
