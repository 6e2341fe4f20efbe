import FaultlineCore
import NIOCore

/// Flips one random bit of a chunk with `probability`.
struct CorruptStage: FaultStage {
    let probability: Probability
    var random: SeededRandom

    init(_ fault: Corrupt, random: SeededRandom) {
        probability = fault.probability
        self.random = random
    }

    mutating func receive(_ data: ByteBuffer, at time: NIODeadline) -> [Emission] {
        guard random.chance(probability), data.readableBytes > 0 else { return [.data(data, at: time)] }
        var corrupted = data
        let bit = Int.random(in: 0..<(data.readableBytes * 8), using: &random)
        let index = data.readerIndex + bit / 8
        if let byte = corrupted.getInteger(at: index, as: UInt8.self) {
            corrupted.setInteger(byte ^ (1 << UInt8(bit % 8)), at: index)
        }
        return [.data(corrupted, at: time)]
    }
}
