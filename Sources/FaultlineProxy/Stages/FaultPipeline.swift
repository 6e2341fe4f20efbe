import NIOCore

/// The stages of one flow of one connection, in profile order: each stage's output is the
/// next one's input. Emissions leave in time order: a close or reset decided by an early stage
/// never overtakes data that a later stage still holds back.
struct FaultPipeline {
    private var stages: [any FaultStage]
    private var lastTime = NIODeadline.uptimeNanoseconds(0)

    init(_ stages: [any FaultStage]) {
        self.stages = stages
    }

    var isEmpty: Bool { stages.isEmpty }

    /// Timers of the stages, which fire at their own time whatever data is queued.
    mutating func open(at now: NIODeadline) -> [Emission] {
        stages.indices.flatMap { stages[$0].open(at: now) }
    }

    mutating func receive(_ data: ByteBuffer, at time: NIODeadline) -> [Emission] {
        run([.data(data, at: time)])
    }

    mutating func endOfStream(at time: NIODeadline) -> [Emission] {
        run([.endOfStream(at: time)])
    }

    private mutating func run(_ input: [Emission]) -> [Emission] {
        var items = input
        for index in stages.indices {
            var next: [Emission] = []
            for item in items {
                switch item {
                case .data(let bytes, let time): next += stages[index].receive(bytes, at: time)
                case .endOfStream(let time): next += stages[index].endOfStream(at: time)
                case .close, .reset: next.append(item)
                }
            }
            items = next
        }
        return items.map { item in
            lastTime = max(lastTime, item.time)
            return item.at(lastTime)
        }
    }
}
