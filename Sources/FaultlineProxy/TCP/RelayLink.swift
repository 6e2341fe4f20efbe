import FaultlineCore
import NIOCore

/// Carries one flow of one connection (client to server, or back): reads from the source
/// channel, runs the data through the flow's fault stages, and writes what they emit to the
/// target channel when it is due.
///
/// With no fault and no partition, data is written straight through. Otherwise it waits in a
/// time-ordered queue with one timer for the head. Reading stops while the queue holds more than
/// `highWater` bytes, while the target cannot take more, or while the flow is partitioned, so
/// memory stays bounded however slow the far side is, and TCP flow control holds the sender.
/// Confined to the connection's event loop.
final class RelayLink {
    static let highWater = 1 << 20
    static let lowWater = 256 << 10

    let flow: Flow
    let source: Channel
    let target: Channel
    private unowned let connection: ProxyConnection
    private var pipeline: FaultPipeline
    private var queue = CircularBuffer<Emission>()
    private var queuedBytes = 0
    /// When the last byte or end of stream queued is due: nothing of the stream may leave before.
    private var streamTail = NIODeadline.uptimeNanoseconds(0)
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?
    private var pendingFlush = false
    private var reading = false
    /// Partitioned in `drop` mode: nothing is read or written until healed.
    private(set) var paused = false
    /// The half-close has been passed on to the target.
    private(set) var finished = false
    private var finishing = false
    private var sourceEnded = false

    init(flow: Flow, source: Channel, target: Channel, connection: ProxyConnection, pipeline: FaultPipeline) {
        self.flow = flow
        self.source = source
        self.target = target
        self.connection = connection
        self.pipeline = pipeline
    }

    var eventLoop: EventLoop { source.eventLoop }

    /// Starts the flow: the stages' own timers, then reading.
    func open() {
        enqueue(pipeline.open(at: eventLoop.now))
        updateReading()
    }

    /// Replaces the stages (faults changed). Data already scheduled keeps its time.
    func replace(_ newPipeline: FaultPipeline) {
        pipeline = newPipeline
        enqueue(pipeline.open(at: eventLoop.now))
    }

    func setPaused(_ isPaused: Bool) {
        guard paused != isPaused else { return }
        paused = isPaused
        if !paused { drain() }
        updateReading()
    }

    func received(_ data: ByteBuffer) {
        connection.counters.add(bytes: data.readableBytes, to: flow)
        if pipeline.isEmpty, queue.isEmpty, !paused {
            connection.counters.add(sentBytes: data.readableBytes, to: flow)
            target.write(data, promise: nil)
            pendingFlush = true
            return
        }
        enqueue(pipeline.receive(data, at: eventLoop.now))
    }

    func readComplete() {
        flushIfNeeded()
    }

    /// The source sent its FIN.
    func inputClosed() {
        guard !sourceEnded else { return }
        sourceEnded = true
        updateReading()
        enqueue(pipeline.endOfStream(at: eventLoop.now))
    }

    func targetWritabilityChanged() {
        updateReading()
    }

    /// The target is gone: what is held for it is dropped, and the flow is done.
    func abandon() {
        stop()
        finishing = true
        finished = true
        connection.flowFinished()
    }

    /// Stops the timer; the connection is going away.
    func stop() {
        timer?.cancel()
        timer = nil
        queue.removeAll()
        queuedBytes = 0
    }

    private func enqueue(_ emissions: [Emission]) {
        guard !emissions.isEmpty else { return }
        for original in emissions {
            var emission = original
            switch emission {
            case .data(let bytes, _):
                queuedBytes += bytes.readableBytes
                emission = keepingStreamOrder(emission)
            case .endOfStream:
                emission = keepingStreamOrder(emission)
            case .close, .reset:
                break
            }
            if let last = queue.last, last.time > emission.time {
                let index = queue.firstIndex { $0.time > emission.time } ?? queue.endIndex
                queue.insert(emission, at: index)
            } else {
                queue.append(emission)
            }
        }
        drain()
        updateReading()
    }

    /// A stream's bytes and its end leave in the order they came, whatever the stages say: after
    /// the faults change, data scheduled by the new stages may be due before data the old ones
    /// still hold, and must wait for it. (A close or reset is an event, not stream content: it
    /// keeps its own time.)
    private func keepingStreamOrder(_ emission: Emission) -> Emission {
        let time = max(emission.time, streamTail)
        streamTail = time
        return emission.at(time)
    }

    /// Writes what is due, and sets the timer for what is not.
    private func drain() {
        guard !paused else { return }
        let now = eventLoop.now
        while let head = queue.first, head.time <= now {
            queue.removeFirst()
            switch head {
            case .data(let bytes, _):
                queuedBytes -= bytes.readableBytes
                connection.counters.add(sentBytes: bytes.readableBytes, to: flow)
                target.write(bytes, promise: nil)
                pendingFlush = true
            case .endOfStream:
                flushIfNeeded()
                finish()
            case .close:
                flushIfNeeded()
                connection.close()
                return
            case .reset:
                connection.reset()
                return
            }
        }
        flushIfNeeded()
        scheduleTimer()
        updateReading()
    }

    private func scheduleTimer() {
        guard let next = queue.first?.time else {
            timer?.cancel()
            timer = nil
            timerDeadline = nil
            return
        }
        guard next != timerDeadline else { return }
        timer?.cancel()
        timerDeadline = next
        timer = eventLoop.assumeIsolated().scheduleTask(deadline: next) { [weak self] in
            self?.timerDeadline = nil
            self?.timer = nil
            self?.drain()
        }
    }

    private func flushIfNeeded() {
        guard pendingFlush else { return }
        pendingFlush = false
        target.flush()
    }

    /// Passes the half-close on once everything written before it is out: the target's output
    /// shuts, the other flow keeps going. (NIO escalates an output close on a channel whose input
    /// has ended to a full close, which would discard writes still pending.)
    private func finish() {
        guard !finishing else { return }
        finishing = true
        target.afterPendingWrites { [weak self] in
            guard let self else { return }
            self.target.close(mode: .output, promise: nil)
            self.finished = true
            self.connection.flowFinished()
        }
    }

    private func updateReading() {
        let shouldRead = !paused && !sourceEnded && target.isWritable
            && (queuedBytes < Self.lowWater || (reading && queuedBytes < Self.highWater))
        guard shouldRead != reading else { return }
        reading = shouldRead
        source.setOption(ChannelOptions.autoRead, value: shouldRead).whenFailure { _ in }
    }
}
