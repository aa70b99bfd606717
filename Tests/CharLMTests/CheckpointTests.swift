import Autodiff
import Foundation
import Testing

@testable import CharLM

@Suite struct CheckpointTests {
  private let checkpoint: Checkpoint

  init() throws {
    let corpus = Corpus(words: ["emma", "ava", "bo"])
    var options = TrainingOptions()
    options.steps = 3
    options.method = .adam
    options.learningRate = 0.1
    let data = try TrainingData(corpus: corpus, options: options)
    var trainer = data.trainer(options: options, initialWeights: Tensor(zeros: [7, 7]))
    _ = try trainer.run()
    checkpoint = Checkpoint(
      configuration: try options.configuration(), state: trainer.state, source: "test", events: data.counts.total,
      fingerprint: corpus.fingerprint)
  }

  // The history is not inside the checkpoint (it is history.jsonl beside it): everything else is.
  @Test func roundTrips() throws {
    let restored = try Checkpoint(decoding: try checkpoint.encoded(), source: "x")
    #expect(try restored.encoded() == checkpoint.encoded())
    #expect(restored.configuration == checkpoint.configuration && restored.model == checkpoint.model)
    #expect(restored.historyCount == 4 && restored.state.history.records.isEmpty)
    #expect(restored.fingerprint == checkpoint.fingerprint && restored.state.step == 3)
  }

  // Its size does not grow with the steps: only the parameters and optimizer buffers are inside.
  @Test func sizeDoesNotGrowWithTheSteps() throws {
    let corpus = Corpus(words: ["emma", "ava", "bo"])
    var sizes: [Int] = []
    for steps in [3, 300] {
      var options = TrainingOptions()
      options.steps = steps
      options.learningRate = 0.5
      let data = try TrainingData(corpus: corpus, options: options)
      var trainer = data.trainer(options: options, initialWeights: Tensor(zeros: [7, 7]))
      _ = try trainer.run()
      let saved = Checkpoint(
        configuration: try options.configuration(), state: trainer.state, source: "t", events: data.counts.total,
        fingerprint: corpus.fingerprint)
      sizes.append(try saved.encoded().count)
    }
    #expect(abs(sizes[1] - sizes[0]) < 64, "\(sizes)")
  }

  /// A setting out of range behind a valid checksum (issue 14, item 2) is refused, never run.
  @Test(arguments: [
    ("\"l2\":0", "\"l2\":-1"), ("\"steps\":3", "\"steps\":1000000000"), ("\"beta1\":0.9", "\"beta1\":1.5"),
    ("\"learningRate\":0.1", "\"learningRate\":-0.1"), ("\"step\":3", "\"step\":9"),
  ])
  func resealedNonsenseIsRefused(from: String, to: String) throws {
    let edited = try forged { $0 = $0.replacingOccurrences(of: from, with: to) }
    #expect(edited != (try checkpoint.encoded()), "the edit \(from) → \(to) must apply")
    #expect(throws: CheckpointError.self) { try Checkpoint(decoding: edited, source: "x") }
  }

  @Test func theOldFormatIsRefusedWithAdviceToRetrain() throws {
    let payload = Data("{}".utf8)
    let header = "bigram-checkpoint 1 fnv1a64=\(Checkpoint.checksum(payload)) bytes=2\n"
    #expect(throws: CheckpointError.unsupportedVersion(path: "x", version: "1")) {
      try Checkpoint(decoding: Data(header.utf8) + payload, source: "x")
    }
    #expect(CheckpointError.unsupportedVersion(path: "x", version: "1").description.contains("retrain"))
  }

  @Test func logEveryRoundTripsAndIsOptional() throws {
    var logged = checkpoint
    logged.logEvery = 7
    #expect(try Checkpoint(decoding: try logged.encoded(), source: "x").logEvery == 7)
    // A checkpoint written before the field existed has no such key and decodes as nil.
    let json = String(decoding: try checkpoint.encoded(), as: UTF8.self)
    #expect(!json.contains("logEvery"))
    #expect(try Checkpoint(decoding: try checkpoint.encoded(), source: "x").logEvery == nil)
  }

  @Test func truncatedIsRefused() throws {
    let data = try checkpoint.encoded()
    #expect(throws: CheckpointError.self) { try Checkpoint(decoding: data.prefix(data.count - 10), source: "x") }
    do {
      _ = try Checkpoint(decoding: data.prefix(data.count - 10), source: "x")
    } catch {
      guard case .truncated = error else {
        Issue.record("expected truncated, got \(error)")
        return
      }
    }
  }

  @Test func corruptionIsRefused() throws {
    var data = try checkpoint.encoded()
    // Flip one digit inside the payload.
    let index = try #require(data.lastIndex(of: UInt8(ascii: "1")))
    data[index] = UInt8(ascii: "2")
    #expect(throws: CheckpointError.checksumMismatch(path: "x")) { try Checkpoint(decoding: data, source: "x") }
  }

  @Test func garbageAndOtherVersionsAreRefused() throws {
    #expect(throws: CheckpointError.notACheckpoint(path: "x")) {
      try Checkpoint(decoding: Data("hello\n".utf8), source: "x")
    }
    #expect(throws: CheckpointError.notACheckpoint(path: "x")) { try Checkpoint(decoding: Data(), source: "x") }
    let payload = Data("{}".utf8)
    let header = "bigram-checkpoint 3 fnv1a64=\(Checkpoint.checksum(payload)) bytes=2\n"
    #expect(throws: CheckpointError.unsupportedVersion(path: "x", version: "3")) {
      try Checkpoint(decoding: Data(header.utf8) + payload, source: "x")
    }
  }

  /// A payload with a valid checksum but contents that do not fit together.
  private func forged(_ edit: (inout String) -> Void) throws -> Data {
    let encoded = try checkpoint.encoded()
    let newline = try #require(encoded.firstIndex(of: 0x0A))
    var payload = String(decoding: encoded[(newline + 1)...], as: UTF8.self)
    edit(&payload)
    let bytes = Data(payload.utf8)
    return Data(
      "bigram-checkpoint \(Checkpoint.version) fnv1a64=\(Checkpoint.checksum(bytes)) bytes=\(bytes.count)\n".utf8)
      + bytes
  }

  @Test func inconsistentContentsAreRefused() throws {
    let wrongShape = try forged { $0 = $0.replacingOccurrences(of: "\"shape\":[7,7]", with: "\"shape\":[1,49]") }
    #expect(throws: CheckpointError.self) { try Checkpoint(decoding: wrongShape, source: "x") }
    let badVocabulary = try forged { $0 = $0.replacingOccurrences(of: "\"symbols\":\".", with: "\"symbols\":\"") }
    #expect(throws: CheckpointError.self) { try Checkpoint(decoding: badVocabulary, source: "x") }
    let notJSON = try forged { $0 = "{" + $0 }
    #expect(throws: CheckpointError.self) { try Checkpoint(decoding: notJSON, source: "x") }
  }

  @Test func checksumIsFNV1a() {
    // Published FNV-1a 64 test vectors: "" and "a".
    #expect(Checkpoint.checksum([UInt8]()) == "cbf29ce484222325")
    #expect(Checkpoint.checksum(Array("a".utf8)) == "af63dc4c8601ec8c")
  }
}
