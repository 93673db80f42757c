import Foundation
import Synchronization

/// Output to the terminal: messages on standard error, and a progress bar only when standard
/// error is a terminal.
enum Terminal {
    static let isInteractive = isatty(STDERR_FILENO) != 0

    /// Writes a line to standard error, clearing a progress bar first.
    static func error(_ line: String) {
        let prefix = isInteractive ? "\r\u{1B}[K" : ""
        FileHandle.standardError.write(Data((prefix + line + "\n").utf8))
    }

    /// Writes a line to standard output.
    static func output(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// A progress bar on standard error, redrawn at most ten times a second; silent when piped.
final class ProgressBar: Sendable {
    private struct State {
        var done = 0
        var lastDraw: UInt64 = 0
    }

    private let total: Int
    private let label: String
    private let state = Locked(State())
    private let enabled: Bool

    init(total: Int, label: String) {
        self.total = total
        self.label = label
        self.enabled = Terminal.isInteractive && total > 1
    }

    /// Records one finished item and redraws when due.
    func advance() {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let line: String? = state.withLock { state in
            state.done += 1
            guard state.done == total || now - state.lastDraw > 100_000_000 else { return nil }
            state.lastDraw = now
            return render(state.done)
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Clears the bar.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private func render(_ done: Int) -> String {
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let percent = total == 0 ? 100 : done * 100 / total
        return "\r\u{1B}[K\(label) \(bar) \(done)/\(total) (\(percent)%)"
    }
}
