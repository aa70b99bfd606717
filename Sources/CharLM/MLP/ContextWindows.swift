/// Every (context, next symbol) event of a list of words, as makemore's `build_dataset`: each word
/// w gets the windows of `w + "."` starting from a context of `context` boundary symbols (index 0),
/// the context sliding one symbol at a time.
///
/// Shapes: `contexts` [count · context] row-major (row i is the window of event i), `targets` [count].
public struct ContextWindows: Sendable, Equatable {
  /// The window length.
  public let context: Int
  /// The windows, one row of `context` symbol indices per event.
  public let contexts: [Int]
  /// The symbol that follows each window.
  public let targets: [Int]

  /// The number of events.
  public var count: Int { targets.count }

  /// The windows of `words` (each encoded with `vocabulary`, whose index 0 is the boundary).
  ///
  /// - Throws: ``VocabularyError`` when a word has a symbol outside the vocabulary.
  public init(words: [String], vocabulary: Vocabulary, context: Int) throws(VocabularyError) {
    self.context = context
    var contexts: [Int] = []
    var targets: [Int] = []
    var window = [Int](repeating: 0, count: context)
    for word in words {
      for index in 0..<context { window[index] = 0 }
      // `encode` gives the bigram chain [0] + symbols + [0]; the windows start from the padding
      // instead, so the leading boundary is dropped (it is never a target).
      let encoded = try vocabulary.encode(word)
      for symbol in encoded.dropFirst() {
        contexts.append(contentsOf: window)
        targets.append(symbol)
        if context > 0 {
          window.removeFirst()
          window.append(symbol)
        }
      }
    }
    self.contexts = contexts
    self.targets = targets
  }

  /// The windows of the given rows, flattened, and their targets (a mini-batch).
  func batch(_ rows: [Int]) -> (contexts: [Int], targets: [Int]) {
    var batchContexts = [Int]()
    batchContexts.reserveCapacity(rows.count * context)
    for row in rows { batchContexts.append(contentsOf: contexts[(row * context)..<((row + 1) * context)]) }
    return (batchContexts, rows.map { targets[$0] })
  }

  /// The distinct windows with their targets and multiplicities, so that an evaluation runs the
  /// network once per distinct context (about 10K for context 3 on names.txt instead of 182K).
  func grouped() -> GroupedWindows {
    var positions: [ArraySlice<Int>: Int] = [:]
    var distinct: [Int] = []
    var counts: [[Int: Int]] = []
    for i in 0..<count {
      let key = contexts[(i * context)..<((i + 1) * context)]
      let position: Int
      if let known = positions[key] {
        position = known
      } else {
        position = counts.count
        positions[key] = position
        distinct.append(contentsOf: key)
        counts.append([:])
      }
      counts[position][targets[i], default: 0] += 1
    }
    var offsets = [0]
    var targets: [Int] = []
    var multiplicities: [Double] = []
    for table in counts {
      for (target, count) in table.sorted(by: { $0.key < $1.key }) {
        targets.append(target)
        multiplicities.append(Double(count))
      }
      offsets.append(targets.count)
    }
    return GroupedWindows(
      context: context, contexts: distinct, offsets: offsets, targets: targets, multiplicities: multiplicities,
      events: count)
  }
}

/// Distinct windows and, for each, the targets seen after it and how often (CSR layout: the targets
/// of window r are `targets[offsets[r]..<offsets[r + 1]]`).
struct GroupedWindows: Sendable {
  let context: Int
  let contexts: [Int]
  let offsets: [Int]
  let targets: [Int]
  let multiplicities: [Double]
  /// The number of events grouped.
  let events: Int

  var distinctCount: Int { offsets.count - 1 }
}
