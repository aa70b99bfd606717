/// The bigram events of a corpus as two parallel index arrays: `inputs[t]` is followed by
/// `targets[t]` (the lecture's `xs` and `ys`).
public struct BigramEvents: Sendable, Equatable {
  /// The preceding symbol of every event.
  public let inputs: [Int]
  /// The following symbol of every event.
  public let targets: [Int]

  /// The events of every word of `corpus`, in order, encoded with `vocabulary`.
  ///
  /// - Throws: ``VocabularyError`` when a word holds a character outside `vocabulary`.
  public init(corpus: Corpus, vocabulary: Vocabulary) throws(VocabularyError) {
    var inputs: [Int] = []
    var targets: [Int] = []
    for word in corpus.words {
      let chain = try vocabulary.encode(word)
      inputs.append(contentsOf: chain.dropLast())
      targets.append(contentsOf: chain.dropFirst())
    }
    self.inputs = inputs
    self.targets = targets
  }

  /// The number of events T.
  public var count: Int { inputs.count }
}
