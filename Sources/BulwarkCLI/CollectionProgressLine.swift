import Foundation
import LiveCollection
import Synchronization

/// The progress of a collection on standard error, as one line rewritten in place, when standard error is a
/// terminal; nothing otherwise (CI logs stay clean). Redrawn at most ten times a second.
final class CollectionProgressLine: Sendable {
    private struct State {
        var stage = "starting"
        var subscriptions = 0
        var resources = 0
        var counts = RequestStatistics.Counts()
        var drawnAt: ContinuousClock.Instant?
        var width = 0
    }

    private let state = Mutex(State())
    let enabled: Bool

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func update(_ progress: CollectionProgress) {
        guard enabled else { return }
        redraw { state in
            state.stage = progress.stage
            state.subscriptions = max(state.subscriptions, progress.subscriptions)
            state.resources = max(state.resources, progress.resources)
        }
    }

    func update(_ counts: RequestStatistics.Counts) {
        guard enabled else { return }
        redraw { $0.counts = counts }
    }

    /// Clears the line, so what is printed next starts clean.
    func finish() {
        guard enabled else { return }
        let width = state.withLock { $0.width }
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: width) + "\r").utf8))
    }

    private func redraw(_ change: (inout State) -> Void) {
        let line: String? = state.withLock { state -> String? in
            change(&state)
            let now = ContinuousClock.now
            if let drawnAt = state.drawnAt, drawnAt.duration(to: now) < .milliseconds(100) { return nil }
            state.drawnAt = now
            var text =
                "collecting: \(state.stage) · \(state.subscriptions) subscriptions · \(state.resources) resources · "
                + "\(state.counts.requests) requests"
            if state.counts.waits > 0 { text += " · \(state.counts.waits) throttling waits" }
            let padded = text.padding(toLength: max(text.count, state.width), withPad: " ", startingAt: 0)
            state.width = text.count
            return padded
        }
        if let line { FileHandle.standardError.write(Data(("\r" + line).utf8)) }
    }
}
