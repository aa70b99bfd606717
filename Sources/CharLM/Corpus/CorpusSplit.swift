import Autodiff

/// A deterministic, seeded split of a corpus into train, dev and test parts.
///
/// The word indices are shuffled by Fisher–Yates with the project's generator (for i from n−1
/// down to 1, swap i with j = nextInt(below: i + 1)); the first ⌊n·a/100⌋ go to train, the next
/// ⌊n·b/100⌋ to dev, the rest to test. The same seed gives the same split on every platform.
///
/// A part of 0 % gets no word: with c = 0 the words left over by rounding go to train or dev,
/// whichever was rounded down more (train on a tie), so `50,50,0` on one word puts it in train,
/// not in test. Train is never left empty while there are words (one word and `80,10,10`).
public struct CorpusSplit: Sendable {
  /// The percentages (train, dev, test), summing to 100.
  public let percentages: [Int]
  /// The seed of the shuffle.
  public let seed: UInt64
  /// The training words.
  public let train: Corpus
  /// The development (validation) words.
  public let dev: Corpus
  /// The test words.
  public let test: Corpus

  /// Splits `corpus` by `percentages` (three whole numbers summing to 100).
  ///
  /// - Precondition: three non-negative percentages summing to 100 (the CLI validates them).
  public init(corpus: Corpus, percentages: [Int] = [80, 10, 10], seed: UInt64) {
    precondition(
      percentages.count == 3 && percentages.allSatisfy { $0 >= 0 } && percentages.reduce(0, +) == 100,
      "a split is three non-negative percentages summing to 100, got \(percentages)")
    self.percentages = percentages
    self.seed = seed
    let n = corpus.words.count
    var order = Array(0..<n)
    var generator = SplitMix64(seed: seed)
    if n > 1 {
      for i in stride(from: n - 1, through: 1, by: -1) {
        order.swapAt(i, generator.nextInt(below: i + 1))
      }
    }
    var trainCount = n * percentages[0] / 100
    var devCount = n * percentages[1] / 100
    if percentages[2] == 0 && trainCount + devCount < n {
      // a + b = 100, so the two remainders n·a mod 100 and n·b mod 100 sum to 100: one word is
      // left over, for the part rounded down more.
      if n * percentages[1] % 100 > n * percentages[0] % 100 { devCount += 1 } else { trainCount += 1 }
    }
    if trainCount == 0 && n > 0 {
      // The model is counted on train: one word moves there from the part that would hold it.
      trainCount = 1
      devCount = min(devCount, n - 1)
    }
    func part(_ range: Range<Int>, _ name: String) -> Corpus {
      Corpus(words: order[range].map { corpus.words[$0] }, source: "\(corpus.source) (\(name))")
    }
    train = part(0..<trainCount, "train")
    dev = part(trainCount..<(trainCount + devCount), "dev")
    test = part((trainCount + devCount)..<n, "test")
  }
}
