import Foundation
import TestSupport
import Testing

@testable import CharLM

/// The ARPA writer and reader: a Kneser-Ney model survives the round trip, KenLM-style files
/// (one `<s>`, `<unk>`) load, and damaged files are refused naming the line.
@Suite struct ARPAModelTests {
  static func read(_ text: String) throws(ARPAError) -> ARPAModel {
    try ARPAModel(parsing: Data(text.utf8), source: "test.arpa")
  }

  /// Every probability of the model read back equals the Kneser-Ney model's (10 digits written).
  @Test(arguments: [1, 2, 3, 5]) func kneserNeyRoundTrip(order: Int) throws {
    let counts = try NGramCounts(corpus: .builtIn, order: order)
    let model = KneserNeyNGram(counts: counts)
    let read = try Self.read(model.arpaText)
    #expect(read.vocabulary == model.vocabulary && read.contextLength == model.contextLength)
    var contexts = Set(counts.keys.prefix(300).map { Array(counts.symbols(of: $0, length: order).dropLast()) })
    contexts.insert([Int](repeating: 5, count: order - 1))
    for context in contexts {
      let ours = model.distribution(after: context)
      let theirs = read.distribution(after: context)
      for (a, b) in zip(ours, theirs) { #expect(abs(a - b) <= 1e-8 * a, "context \(context): \(a) vs \(b)") }
    }
    let words = Array(Corpus.builtIn.words.prefix(200))
    let a = try #require(try model.negativeLogLikelihood(of: words).mean)
    let b = try #require(try read.negativeLogLikelihood(of: words).mean)
    #expect(abs(a - b) < 1e-8)
  }

  static let lmplzStyle = """
    \\data\\
    ngram 1=5
    ngram 2=3

    \\1-grams:
    -1.5\t<unk>\t0
    -99\t<s>\t-0.5
    -0.5\t</s>\t0
    -0.4\ta\t-0.25
    -0.9\tb

    \\2-grams:
    -0.2\t<s> a
    -0.3\ta b
    -0.1\ta </s>

    \\end\\

    """

  /// A KenLM-style file: one `<s>`, `<unk>` ignored, back-off through missing n-grams.
  @Test func lmplzStyleFileBacksOff() throws {
    let model = try Self.read(Self.lmplzStyle)
    #expect(model.vocabulary.string == ".ab" && model.contextLength == 1)
    let a = 1, b = 2
    #expect(abs(model.probability(of: a, after: [0]) - pow(10, -0.2)) < 1e-15)
    // "b b" is not listed: bow(b) is absent (0), so P = P(b).
    #expect(abs(model.probability(of: b, after: [b]) - pow(10, -0.9)) < 1e-15)
    // "<s> b" is not listed: bow(<s>) · P(b).
    #expect(abs(model.probability(of: b, after: [0]) - pow(10, -0.5 - 0.9)) < 1e-15)
    // "a a" is not listed: bow(a) · P(a).
    #expect(abs(model.probability(of: a, after: [a]) - pow(10, -0.25 - 0.4)) < 1e-15)
    let sum = model.distribution(after: [b]).reduce(0, +)
    #expect(abs(sum - 1) < 1e-12)
  }

  /// Each damage is refused with the line where it is.
  @Test(arguments: [
    ("ngram 1=1\n", 1, "\\data\\"),
    ("", 1, "empty"),
    ("\n\n", 2, "empty"),
    ("\\data\\\nngram 1=2\n\n\\1-grams:\n-1\t</s>\n\\end\\\n", 6, "fewer entries"),
    ("\\data\\\nngram 1=1\n\n\\1-grams:\nx\t</s>\n\\end\\\n", 5, "log10 P"),
    ("\\data\\\nngram 1=1\n\n\\1-grams:\n0.5\t</s>\n\\end\\\n", 5, "log10 P"),
    ("\\data\\\nngram 1=2\n\n\\1-grams:\n-1\t</s>\n-1\tab\n\\end\\\n", 6, "not one character"),
    ("\\data\\\nngram 1=2\n\n\\1-grams:\n-1\t</s>\n-1\t.\n\\end\\\n", 6, "reserved"),
    ("\\data\\\nngram 1=2\n\n\\1-grams:\n-1\t</s>\n-1\t</s>\n\\end\\\n", 6, "twice"),
    ("\\data\\\nngram 1=1\nngram 2=1\n\n\\1-grams:\n-1\t</s>\n\n\\2-grams:\n-1\tq </s>\n\\end\\\n", 9, "not among"),
    ("\\data\\\nngram 1=1\nngram 2=1\n\n\\1-grams:\n-1\t</s>\n\n\\2-grams:\n-1\t</s> <s>\n\\end\\\n", 9, "only"),
    ("\\data\\\nngram 1=1\n\n\\1-grams:\n-1\t</s>\t1e9\n\\end\\\n", 5, "back-off"),
    ("\\data\\\nngram 1=1\n\n\\1-grams:\n-1\t</s>\n", 5, "\\end\\"),
    ("\\data\\\nngram 1=1\nngram 3=1\n", 3, "order 2"),
    (
      "\\data\\\nngram 1=1\nngram 2=1\nngram 3=1\nngram 4=1\nngram 5=1\nngram 6=1\nngram 7=1\nngram 8=1\nngram 9=1\nngram 10=1\nngram 11=1\n",
      12, "order 11"
    ),
    ("\\data\\\nngram 1=99999999999\n", 2, "counts must be"),
    ("\\data\\\nngram 1=5000\n\n\\1-grams:\n", 2, "at most 1026"),
    ("\\data\\\nngram 1=1\n\n\\1-grams:\n-1\t<unk>\n\\end\\\n", 5, "</s>"),
  ]) func damagedFilesNameTheLine(text: String, line: Int, phrase: String) {
    do {
      _ = try Self.read(text)
      Issue.record("accepted \(text.debugDescription)")
    } catch {
      guard case .malformed(_, let found, let reason) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(found == line, "\(reason)")
      #expect(error.description.contains(phrase), "\(error.description)")
    }
  }

  /// A real lmplz model (`Utilities/Reference/lmplz_fixture.sh`): 26 letters and </s>, order 3,
  /// `<unk>` keeping some mass, so the raw distribution sums to a little under 1 and the sampled one to 1.
  @Test func readsAModelMadeByLmplz() throws {
    let path = SharedData.packageRoot.appendingPathComponent("Utilities/Reference/golden/lmplz-3.arpa").path
    let model = try ARPAModel(contentsOfFile: path)
    #expect(model.vocabulary.string == ".abcdefghijklmnopqrstuvwxyz" && model.contextLength == 2)
    #expect(model.ngrams == [29, 379, 1471])
    for context in [[0, 0], [0, 5], [1, 14], [26, 26]] {
      let raw = (0..<27).map { model.probability(of: $0, after: context) }.reduce(0, +)
      #expect(raw > 0.99 && raw < 1 + 1e-6, "context \(context): Σ = \(raw)")
      #expect(abs(model.distribution(after: context).reduce(0, +) - 1) < 1e-12)
    }
  }

  @Test func binaryAndEmptyFilesAreRefused() {
    #expect(throws: ARPAError.self) { try ARPAModel(parsing: Data([0, 1, 2]), source: "x") }
    #expect(throws: ARPAError.self) { try ARPAModel(parsing: Data(), source: "x") }
    #expect(throws: ARPAError.fileNotFound(path: "/nonexistent.arpa")) {
      try ARPAModel(contentsOfFile: "/nonexistent.arpa")
    }
  }
}
