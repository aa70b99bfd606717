import CharLM
import Foundation

/// What a command will need, estimated up front from V (symbols) and T (bigram events) before any
/// large allocation: above the memory budget it is refused (exit 65, with the figure and what to
/// change), and a run expected to take long says so on stderr before it starts.
///
/// The figures are the dominant allocations, measured (`/usr/bin/time -f %M`) on the debug build
/// with its numeric modules optimised: the one-hot path peaks at about 5.5 T×V matrices of doubles
/// (271 MB on names.txt, 228,146 events, V = 27: 1,190 bytes per event; the issue measured 660 on
/// the release build), the row-lookup path at 2.6 (127 MB); Newton's method holds all V Hessian
/// blocks, V³ doubles; a heat map about 1.7 KB per cell of SVG while it is built.
enum ResourceBudget {
  /// The most memory a command may plan to use: 2 GiB.
  static let memoryBytes = 2.0 * 1_073_741_824
  /// A run expected to take longer than this many seconds is announced on stderr.
  static let noticeSeconds = 10.0

  /// Bytes of the autodiff paths' T×V matrices (zero for the counts path).
  static func tapeBytes(events t: Int, size v: Int, path: LossPath) -> Double {
    let matrices: Double =
      switch path {
      case .counts: 0
      case .lookup: 3
      case .onehot: 6
      }
    return matrices * Double(t) * Double(v) * 8
  }

  /// Bytes of `runs` training histories of `steps` records each (one record per step, kept in
  /// memory and written out at the end; 10⁸ steps were 4 GB), times two for the copy the output
  /// makes of it.
  static func historyBytes(steps: Int, runs: Int = 1) -> Double {
    2 * Double(steps + 1) * Double(runs) * Double(MemoryLayout<TrainingRecord>.stride)
  }

  /// Bytes of Newton's method: every V×V Hessian block at once, V³ doubles.
  static func newtonBytes(size v: Int) -> Double {
    pow(Double(v), 3) * 8
  }

  /// Seconds of λ_max at one point: V Jacobi eigen-decompositions of V×V blocks, O(V⁴) (2.6 s for
  /// two points at V = 256, measured with `lr-sweep --count 2 --steps 5`).
  static func curvatureSeconds(size v: Int) -> Double {
    3e-10 * pow(Double(v), 4)
  }

  /// The checks of the commands that find the optimum W* and λ_max (lr-sweep, race): Newton's
  /// method holds V³ doubles when λ > 0 (or when `runsNewton`, as the race does), and λ_max at
  /// `curvaturePoints` points costs O(V⁴) each (lr-sweep and race at V = 1,024 reached 8.5 GB).
  static func requireOptimumAndCurvature(size v: Int, l2: Double, runsNewton: Bool, curvaturePoints: Int) throws {
    if l2 > 0 || runsNewton {
      try requireMemory(
        newtonBytes(size: v), for: "Newton's method on \(v) symbols (V³ Hessian entries)",
        hint: runsNewton ? "race on a corpus with fewer symbols" : "use --l2 0, whose optimum needs no Newton steps")
    }
    // Newton's method takes about ten steps, each with the V eigen-decompositions of λ_max.
    let decompositions = Double(curvaturePoints) + (l2 > 0 || runsNewton ? 10 : 0)
    announce(
      seconds: decompositions * curvatureSeconds(size: v),
      for: "λ_max on \(v) symbols (V eigen-decompositions of V×V blocks, O(V⁴))")
  }

  /// Refuses `bytes` above the budget: "`what` would need about 8.6 GB …; `hint`".
  static func requireMemory(_ bytes: Double, for what: String, hint: String) throws {
    guard bytes > memoryBytes else { return }
    throw CommandFailure(
      message: "\(what) would need about \(Self.bytes(bytes)) of memory, above the budget of "
        + "\(Self.bytes(memoryBytes)); \(hint)",
      exitCode: 65)
  }

  /// Says on stderr that `what` will take about `seconds`, when that is long.
  static func announce(seconds: Double, for what: String) {
    guard seconds > noticeSeconds else { return }
    let duration =
      seconds < 120 ? String(format: "%.0f seconds", seconds) : String(format: "%.0f minutes", seconds / 60)
    StandardStreams.error("bigram: note: \(what) will take roughly \(duration) on this kind of machine\n")
  }

  /// 1.5 GB, 340 MB, 12 KB.
  static func bytes(_ value: Double) -> String {
    if value >= 1e9 { return String(format: "%.1f GB", value / 1e9) }
    if value >= 1e6 { return String(format: "%.0f MB", value / 1e6) }
    return String(format: "%.0f KB", value / 1e3)
  }
}
