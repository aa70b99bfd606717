import Autodiff
import CharLM
import Foundation
import FuzzSupport

FuzzDriver.run { fuzzCheckpoint($0, $1) }

/// The checkpoint loader on arbitrary bytes, then what `sample --model` and `train --resume` do
/// with a checkpoint it accepts.
///
/// Each input is tried as it is and, since nearly every mutation breaks the checksum, once more
/// with its payload (what follows the first line) resealed under a correct header, so that
/// mutated JSON reaches the decoder and the consistency checks behind it.
func fuzzCheckpoint(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let bytes = FuzzCheck.bytes(start, count)
  exercise(Data(bytes))
  exerciseMLP(Data(bytes))
  if let newline = bytes.firstIndex(of: 0x0A) {
    exercise(resealed(Array(bytes[(newline + 1)...])))
    exerciseMLP(resealed(Array(bytes[(newline + 1)...]), tag: "bigram-mlp-checkpoint"))
  }
  return 0
}

/// `payload` under a header with its true length and FNV-1a checksum (the format of ``Checkpoint``).
func resealed(_ payload: [UInt8], tag: String = "bigram-checkpoint") -> Data {
  var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  for byte in payload {
    hash ^= UInt64(byte)
    hash &*= 0x0000_0100_0000_01B3
  }
  let digits = String(hash, radix: 16)
  let checksum = String(repeating: "0", count: 16 - digits.count) + digits
  return Data("\(tag) \(Checkpoint.version) fnv1a64=\(checksum) bytes=\(payload.count)\n".utf8) + payload
}

func exercise(_ data: Data) {
  guard let checkpoint = try? Checkpoint(decoding: data, source: "fuzz") else { return }
  let probabilities = checkpoint.model.probabilities
  FuzzCheck.expect(probabilities.matrix.isFinite, "an accepted checkpoint gives non-finite probabilities")
  let encoded = try? checkpoint.encoded()
  let again = encoded.flatMap { try? Checkpoint(decoding: $0, source: "fuzz") }
  FuzzCheck.expect(
    encoded != nil && (try? again?.encoded()) == encoded, "an accepted checkpoint does not survive encode and decode")
  resume(checkpoint)
}

/// A few steps of `train --resume` on one word per symbol of the checkpoint's vocabulary.
func resume(_ checkpoint: Checkpoint) {
  let symbols = checkpoint.vocabulary.symbols.dropFirst()
  // Large vocabularies make a step slow without reaching new code.
  guard !symbols.isEmpty, symbols.count <= 64 else { return }
  let corpus = Corpus(words: symbols.map { String(Character($0)) }, source: "fuzz")
  let configuration = checkpoint.configuration
  guard
    let data = try? TrainingData(corpus: corpus, configuration: configuration, vocabulary: checkpoint.vocabulary)
  else {
    FuzzCheck.expect(false, "the checkpoint's vocabulary cannot encode its own symbols")
    return
  }
  // Newton is the one way a valid checkpoint can be refused here (a model without a Hessian).
  guard
    var trainer = try? Trainer(
      objective: data.trainingObjective(for: configuration), configuration: configuration,
      resuming: checkpoint.state)
  else { return }
  var steps = 0
  _ = try? trainer.run(
    shouldStop: {
      steps += 1
      return steps > 3
    })
}

/// An accepted MLP checkpoint: encode/decode round trip, one evaluation-mode prediction and one
/// sampled word (what `sample --model` does), none of which may trap.
func exerciseMLP(_ data: Data) {
  guard let checkpoint = try? MLPCheckpoint(decoding: data, source: "fuzz") else { return }
  let again = try? MLPCheckpoint(decoding: checkpoint.encoded(), source: "fuzz")
  FuzzCheck.expect(again == checkpoint, "an accepted MLP checkpoint does not survive encode and decode")
  let model = checkpoint.state.model
  // Large models are valid but slow to run; the loader's checks are what is fuzzed.
  guard model.parameterCount <= 100_000 else { return }
  let p = model.nextSymbolProbabilities(after: [Int](repeating: 0, count: model.configuration.context))
  FuzzCheck.expect(p.count == checkpoint.vocabulary.count, "a prediction of the wrong size")
  var generator = SplitMix64(seed: 1)
  _ = model.sample(count: 1, vocabulary: checkpoint.vocabulary, using: &generator)
}
