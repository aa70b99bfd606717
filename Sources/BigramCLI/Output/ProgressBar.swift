import Foundation

/// A one-line progress bar with rate and ETA on stderr, drawn only when stderr is a terminal
/// (so pipes and logs stay clean) and not `--quiet`; `NO_COLOR` turns its colour off.
struct ProgressBar {
  private let total: Int
  private let label: String
  private let enabled: Bool
  private let colored: Bool
  private let start = ContinuousClock.now
  private var lastDraw = ContinuousClock.now - .seconds(1)

  /// A bar for `total` units of work.
  init(total: Int, label: String, quiet: Bool) {
    self.total = max(total, 1)
    self.label = label
    let environment = ProcessInfo.processInfo.environment
    enabled = !quiet && isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb"
    colored = enabled && environment["NO_COLOR"] == nil
  }

  /// Redraws at most ten times a second.
  mutating func update(_ done: Int, detail: String = "") {
    guard enabled else { return }
    let now = ContinuousClock.now
    guard now - lastDraw >= .milliseconds(100) || done >= total else { return }
    lastDraw = now
    let elapsed = (now - start).seconds
    // A run of no work is complete (0/0 would be NaN, which cannot become a bar width).
    let fraction = total > 0 ? min(1, max(0, Double(done) / Double(total))) : 1
    let width = 24
    let filled = Int(fraction * Double(width))
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    let rate = elapsed > 0 ? Double(done) / elapsed : 0
    let eta = rate > 0 ? Double(total - done) / rate : 0
    let painted = colored ? "\u{1B}[36m\(bar)\u{1B}[0m" : bar
    let line =
      "\r\(label) \(painted) \(done)/\(total) \(String(format: "%.0f", rate))/s ETA \(Format.seconds(eta)) \(detail)"
    StandardStreams.error(line + "\u{1B}[K")
  }

  /// Clears the line.
  func finish() {
    guard enabled else { return }
    StandardStreams.error("\r\u{1B}[K")
  }
}
