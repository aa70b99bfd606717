/// The windows of the train, dev and test words of an MLP run, and the vocabulary that encodes them.
public struct MLPDataSplits: Sendable {
  /// The symbols (index 0 the boundary).
  public let vocabulary: Vocabulary
  /// Training windows (mini-batches are drawn from these).
  public let train: ContextWindows
  /// Development windows (model selection: the best-by-dev weights).
  public let dev: ContextWindows
  /// Test windows (reported once, at the end).
  public let test: ContextWindows

  /// The windows of three word lists under one vocabulary.
  ///
  /// - Throws: ``VocabularyError`` for a dev or test symbol the vocabulary lacks.
  public init(
    vocabulary: Vocabulary, train: [String], dev: [String], test: [String], context: Int
  ) throws(VocabularyError) {
    self.vocabulary = vocabulary
    self.train = try ContextWindows(words: train, vocabulary: vocabulary, context: context)
    self.dev = try ContextWindows(words: dev, vocabulary: vocabulary, context: context)
    self.test = try ContextWindows(words: test, vocabulary: vocabulary, context: context)
  }

  /// A fingerprint of the three sets of windows (FNV-1a over their symbols), so a resumed run
  /// can tell it was given the same data.
  public var fingerprint: String {
    var bytes: [UInt8] = []
    for windows in [train, dev, test] {
      for value in windows.targets { bytes.append(UInt8(truncatingIfNeeded: value)) }
      bytes.append(0xFF)
    }
    return Checkpoint.checksum(bytes + Array(vocabulary.string.utf8))
  }
}
