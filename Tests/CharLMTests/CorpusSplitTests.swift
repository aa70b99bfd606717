import Testing

@testable import CharLM

@Suite struct CorpusSplitTests {
  // 1,003 distinct words: each index spelled in base 26 with the letters a–z.
  private let corpus = Corpus(
    words: (0..<1_003).map { index in
      String(
        String(index, radix: 26).map { digit in
          Character(UnicodeScalar(UInt8(97 + (Int(String(digit), radix: 26) ?? 0))))
        })
    })

  @Test func sizesFollowThePercentages() {
    let split = CorpusSplit(corpus: corpus, percentages: [80, 10, 10], seed: 42)
    #expect(split.train.words.count == 1_003 * 80 / 100)
    #expect(split.dev.words.count == 1_003 * 10 / 100)
    #expect(split.test.words.count == 1_003 - 802 - 100)
  }

  @Test func partsAreAPermutationOfTheCorpus() {
    let split = CorpusSplit(corpus: corpus, percentages: [70, 20, 10], seed: 9)
    let all = split.train.words + split.dev.words + split.test.words
    #expect(all.sorted() == corpus.words.sorted())
    #expect(all != corpus.words)
  }

  @Test func deterministicPerSeed() {
    let a = CorpusSplit(corpus: corpus, seed: 1)
    let b = CorpusSplit(corpus: corpus, seed: 1)
    let c = CorpusSplit(corpus: corpus, seed: 2)
    #expect(a.train.words == b.train.words && a.test.words == b.test.words)
    #expect(a.train.words != c.train.words)
  }

  /// A single word goes to train, which the model is counted on (issue 14: it went to test, even
  /// under a test share of 0 %); a part of 0 % stays empty.
  @Test func tinyCorporaDoNotTrap() {
    let one = CorpusSplit(corpus: Corpus(words: ["a"]), seed: 0)
    #expect(one.train.words == ["a"] && one.dev.words.isEmpty && one.test.words.isEmpty)
    let three = CorpusSplit(corpus: Corpus(words: ["a", "b", "c"]), percentages: [50, 50, 0], seed: 0)
    #expect(three.train.words.count == 2 && three.dev.words.count == 1 && three.test.words.isEmpty)
    let leaning = CorpusSplit(corpus: Corpus(words: ["a", "b", "c"]), percentages: [10, 90, 0], seed: 0)
    #expect(leaning.train.words.count == 1 && leaning.dev.words.count == 2 && leaning.test.words.isEmpty)
  }
}
