import FaultlineCore

extension FaultSpec {
    /// The stage that carries out this fault on a flow of a stream, drawing from `random`; nil
    /// for faults that act on whole connections (connect_delay, reject) or only on datagrams.
    func streamStage(random: SeededRandom) -> (any FaultStage)? {
        switch kind {
        case .latency(let fault): LatencyStage(fault, random: random)
        case .bandwidth(let fault): BandwidthStage(fault)
        case .slowClose(let fault): SlowCloseStage(fault: fault)
        case .timeout(let fault): TimeoutStage(fault: fault)
        case .resetPeer(let fault): ResetPeerStage(fault)
        case .slicer(let fault): SlicerStage(fault, random: random)
        case .limitData(let fault): LimitDataStage(fault)
        case .blackhole: BlackholeStage()
        case .corrupt(let fault): CorruptStage(fault, random: random)
        case .connectDelay, .reject, .loss, .duplicate, .reorder, .noop: nil
        }
    }
}

extension FaultSpec {
    /// The stage that carries out this fault on a flow of datagrams, drawing from `random`; nil
    /// for faults that only make sense on streams or whole connections.
    func packetStage(random: SeededRandom) -> (any FaultStage)? {
        switch kind {
        case .latency(let fault): LatencyStage(fault, random: random, keepsOrder: false)
        case .bandwidth(let fault): PacketBandwidthStage(fault)
        case .loss(let fault): LossStage(fault, random: random)
        case .duplicate(let fault): DuplicateStage(fault, random: random)
        case .reorder(let fault): ReorderStage(fault, random: random)
        case .corrupt(let fault): CorruptStage(fault, random: random)
        case .blackhole: BlackholeStage()
        case .slowClose, .timeout, .resetPeer, .slicer, .limitData, .connectDelay, .reject, .noop: nil
        }
    }
}
