import FaultlineCore
import FaultlineHistory

/// The events an external workload reports, whichever way it sends them: each piece is read as
/// JSON lines (one event object per line) and recorded in order. What cannot be read, or does not
/// fit the history (a completion with nothing open, an invoke on a busy process), is refused with
/// its place and kept, so that the run can say what went wrong; nothing else is lost.
actor ExternalEventIntake {
    private let recorder: HistoryRecorder
    /// Every refusal so far, each naming its source and line.
    private(set) var problems: [String] = []

    init(recorder: HistoryRecorder) {
        self.recorder = recorder
    }

    /// Records the events in `bytes`, which come from `source` starting at its line `firstLine`.
    /// A piece that does not parse is refused whole; otherwise each event that fits is recorded.
    /// Returns how many were recorded and the problems of this piece.
    func take(_ bytes: [UInt8], source: String, firstLine: Int = 1) async -> (recorded: Int, problems: [String]) {
        let history: History
        do {
            history = try JSONLCodec.decode(bytes, file: source, firstLine: firstLine)
        } catch {
            let refused = error.diagnostics.map(\.description)
            problems += refused
            return (0, refused)
        }
        var recorded = 0
        var refused: [String] = []
        for event in history.events {
            do {
                try await recorder.record(external: event)
                recorded += 1
            } catch {
                refused.append("\(source):\(event.line ?? firstLine): \(error)")
            }
        }
        problems += refused
        return (recorded, refused)
    }
}
