import CharLM
import Foundation

/// names.txt prepared once for every task, outside any timed region: its bytes, words, counts
/// and events, as the Python peers' `common.Corpus` prepares them.
public struct Workload: Sendable {
  /// Where names.txt is looked for: `$BIGRAM_NAMES`, then `../shared/data/names.txt` beside the
  /// repository (found from this source file's path).
  public static var defaultPath: String {
    if let path = ProcessInfo.processInfo.environment["BIGRAM_NAMES"], !path.isEmpty { return path }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/names.txt").path
  }

  /// The corpus path.
  public let path: String
  /// Its bytes.
  public let data: Data
  /// Its words.
  public let corpus: Corpus
  /// Its bigram counts N (V×V).
  public let counts: BigramCounts
  /// Its T bigram events (xs, ys).
  public let events: BigramEvents

  /// Reads and prepares the corpus at `path`.
  public init(path: String = Workload.defaultPath) throws {
    self.path = path
    data = try Data(contentsOf: URL(fileURLWithPath: path))
    corpus = try Corpus(parsing: data, source: path)
    counts = try BigramCounts(corpus: corpus)
    events = try BigramEvents(corpus: corpus, vocabulary: counts.vocabulary)
  }

  /// The corpus repeated, newline-joined, to about `megabytes` MB (as the peers' `synthetic_bytes`),
  /// and how many copies that is: its counts are `copies` × N.
  public func synthetic(megabytes: Double) -> (data: Data, copies: Int) {
    let copies = max(1, Int((megabytes * 1e6 / Double(data.count + 1)).rounded()))
    var joined = Data(capacity: copies * (data.count + 1))
    for copy in 0..<copies {
      if copy > 0 { joined.append(0x0A) }
      joined.append(data)
    }
    return (joined, copies)
  }
}
