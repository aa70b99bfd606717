import Foundation
import TestSupport
import Testing

/// `bigram counts --order/--kneser-ney/--train/--arpa`, `sample` and `score` with n-gram models,
/// and `bigram contexts`, run as the built binary, bad input included.
@Suite struct NGramCommandTests {
  private func json(_ result: BigramBinary.Result) throws -> [String: Any] {
    #expect(result.status == 0, "\(result.standardError)")
    let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
    return try #require(object as? [String: Any])
  }

  @Test(arguments: [
    (["counts", "--order", "0"], "--order must be between 1 and 10"),
    (["counts", "--order", "11"], "--order must be between 1 and 10"),
    (["counts", "--kneser-ney", "--smoothing", "0.5"], "--kneser-ney and --smoothing cannot be combined"),
    (["counts", "--arpa", "x.arpa", "--smoothing", "1"], "--arpa and --smoothing cannot be combined"),
    (["counts", "--tune-smoothing"], "needs a dev part"),
    (["counts", "--dev", "x.txt"], "--dev and --test need --train"),
    (["sample", "--order", "11"], "--order must be between 1 and 10"),
    (["score", "--arpa", "x.arpa", "--order", "3", "emma"], "--arpa cannot be combined with --order"),
    (["contexts", "--max-order", "0"], "--max-order"),
  ]) func usageErrorsExit64WithTheReason(arguments: [String], reason: String) throws {
    let result = try BigramBinary.run(arguments)
    #expect(result.status == 64)
    #expect(result.standardError.contains(reason), "\(result.standardError)")
  }

  /// Without the new flags `counts` prints what it always did; `--order 2` gives the same NLL.
  @Test func orderTwoAgreesWithTheBigramTable() throws {
    let legacy = try json(try BigramBinary.run(["counts", "--json"]))
    #expect(legacy["order"] == nil && legacy["topBigrams"] != nil)
    let ngram = try json(try BigramBinary.run(["counts", "--json", "--order", "2"]))
    #expect(ngram["order"] as? Int == 2 && ngram["smoothing"] as? Double == 1)
    let a = try #require(legacy["nll"] as? Double)
    let b = try #require(ngram["nll"] as? Double)
    #expect(abs(a - b) < 1e-12)
    #expect(ngram["ngrams"] as? [Int] == [27, 522])
    #expect(ngram["events"] as? Int == legacy["bigrams"] as? Int)
  }

  @Test func kneserNeyJSONFields() throws {
    let object = try json(
      try BigramBinary.run(["counts", "--json", "--order", "4", "--kneser-ney", "--split", "80,10,10"]))
    #expect(object["smoothing"] as? String == "kneser-ney")
    let discounts = try #require(object["discounts"] as? [[String: Any]])
    #expect(discounts.count == 4 && discounts.allSatisfy { $0["d1"] is Double && $0["d3Plus"] is Double })
    #expect((object["ngrams"] as? [Int])?.count == 4)
    for part in ["train", "dev", "test"] {
      let entry = try #require(object[part] as? [String: Any])
      #expect(entry["words"] is Int && entry["events"] is Int && entry["nll"] is Double)
    }
    // Utilities/Reference/ngram_models.py: built-in names, order 4, Kneser-Ney, dev.
    let dev = try #require((object["dev"] as? [String: Any])?["nll"] as? Double)
    let golden = try Golden.load("ngram_models")
    let rows = try #require(try Golden.value(golden, "builtIn") as? [[String: Any]])
    #expect(abs(dev - (try Golden.number(rows[3], "kneserNey", "dev"))) < 1e-10)
  }

  @Test func tunedSmoothingSaysWhich() throws {
    let result = try BigramBinary.run(["counts", "--order", "3", "--tune-smoothing", "--split", "80,10,10", "--json"])
    let object = try json(result)
    let tuning = try #require(object["tuning"] as? [[String: Any]])
    #expect(tuning.count == 17)
    let best = tuning.min { ($0["devNLL"] as? Double ?? .infinity) < ($1["devNLL"] as? Double ?? .infinity) }
    #expect(best?["alpha"] as? Double == object["smoothing"] as? Double)
    let text = try BigramBinary.run(["counts", "--order", "3", "--tune-smoothing", "--split", "80,10,10"])
    #expect(text.standardOutput.contains("α tuned on dev"))
  }

  /// A dev character unknown to train: 65 naming the file, line and character.
  @Test func unknownDevCharacterExits65() throws {
    let directory = try TemporaryDirectory()
    let train = try directory.file("train.txt", text: "emma\nava\n")
    let dev = try directory.file("dev.txt", text: "ava\n\nzoe\n")
    let result = try BigramBinary.run(["counts", "--train", train, "--dev", dev, "--order", "3"])
    #expect(result.status == 65)
    #expect(result.standardError.contains("\(dev):3: the character 'z'"), "\(result.standardError)")
  }

  /// A damaged ARPA file: 65 with the line number; a missing one: 66.
  @Test func damagedARPAExits65WithTheLine() throws {
    let directory = try TemporaryDirectory()
    let arpa = directory.url.appendingPathComponent("m.arpa").path
    #expect(try BigramBinary.run(["counts", "--order", "3", "--arpa", arpa]).status == 0)
    var lines = try String(contentsOfFile: arpa, encoding: .utf8).split(
      separator: "\n", omittingEmptySubsequences: false)
    lines[12] = "-0.5\tab"
    let damaged = try directory.file("damaged.arpa", text: lines.joined(separator: "\n"))
    let result = try BigramBinary.run(["score", "--arpa", damaged, "emma"])
    #expect(result.status == 65)
    #expect(result.standardError.contains("damaged.arpa:13:"), "\(result.standardError)")
    #expect(try BigramBinary.run(["sample", "--arpa", directory.url.appendingPathComponent("none").path]).status == 66)
  }

  /// sample and score with --order / --kneser-ney, and with the ARPA file written for the same model.
  @Test func sampleAndScoreWithNGramModels() throws {
    let directory = try TemporaryDirectory()
    let arpa = directory.url.appendingPathComponent("m.arpa").path
    #expect(try BigramBinary.run(["counts", "--order", "4", "--kneser-ney", "--arpa", arpa]).status == 0)
    let counted = try json(try BigramBinary.run(["score", "--order", "4", "--kneser-ney", "emma", "--json"]))
    let read = try json(try BigramBinary.run(["score", "--arpa", arpa, "emma", "--json"]))
    func logLikelihood(_ object: [String: Any]) -> Double? {
      ((object["scores"] as? [[String: Any]])?.first?["logLikelihood"]) as? Double
    }
    let a = try #require(logLikelihood(counted))
    let b = try #require(logLikelihood(read))
    #expect(abs(a - b) < 1e-8 && a < 0)
    #expect(counted["order"] as? Int == 4)
    let samples = try json(try BigramBinary.run(["sample", "--order", "5", "--kneser-ney", "-n", "20", "--json"]))
    #expect((samples["samples"] as? [[String: Any]])?.count == 20)
    let again = try json(try BigramBinary.run(["sample", "--order", "5", "--kneser-ney", "-n", "20", "--json"]))
    #expect(
      (samples["samples"] as? [[String: Any]])?.compactMap { $0["word"] as? String }
        == (again["samples"] as? [[String: Any]])?.compactMap { $0["word"] as? String })
  }
}
