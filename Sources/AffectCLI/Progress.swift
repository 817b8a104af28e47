import Foundation
import Synchronization

/// A progress line on stderr: redrawn in place on a terminal, plain lines when piped, throttled
/// to at most one update per `interval` seconds (the final update is always shown).
final class ProgressLine: Sendable {
    private struct State {
        var last: Double = 0
        var done = 0
    }
    private let label: String
    private let total: Int
    private let interval: Double
    private let isTTY: Bool
    private let state = Mutex(State())

    init(label: String, total: Int, interval: Double = 0.25) {
        self.label = label
        self.total = total
        self.interval = interval
        self.isTTY = isatty(STDERR_FILENO) == 1
    }

    /// Marks one more item done, optionally naming it.
    func advance(_ item: String = "") {
        let now = Date().timeIntervalSince1970
        let line: String? = state.withLock { s in
            s.done += 1
            let final = s.done == total
            guard final || now - s.last >= interval else { return nil }
            s.last = now
            let pct = total > 0 ? 100 * s.done / total : 100
            return "\(label) \(s.done)/\(total) (\(pct)%)" + (item.isEmpty ? "" : " \(item)")
        }
        guard let l = line else { return }
        let text = isTTY ? "\r\u{1B}[K" + l + (l.contains("(100%)") ? "\n" : "") : l + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}
