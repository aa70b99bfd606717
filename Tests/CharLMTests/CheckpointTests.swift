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
      vocabulary: data.counts.vocabulary, options: options, state: trainer.state, source: "test",
      events: data.counts.total)
  }

  @Test func roundTrips() throws {
    #expect(try Checkpoint(decoding: try checkpoint.encoded(), source: "x") == checkpoint)
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
    let header = "bigram-checkpoint 2 fnv1a64=\(Checkpoint.checksum(payload)) bytes=2\n"
    #expect(throws: CheckpointError.unsupportedVersion(path: "x", version: "2")) {
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
    return Data("bigram-checkpoint 1 fnv1a64=\(Checkpoint.checksum(bytes)) bytes=\(bytes.count)\n".utf8) + bytes
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
