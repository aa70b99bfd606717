import Autodiff
import CharLM
import Foundation
import FuzzSupport

FuzzDriver.run { fuzzARPA($0, $1) }

/// The ARPA reader on arbitrary bytes: it throws an ``ARPAError`` naming a line inside the input,
/// or the model it returns has at most 1,024 symbols, gives no NaN or negative probability, and
/// scores and samples words without trapping.
func fuzzARPA(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let bytes = FuzzCheck.bytes(start, count)
  let model: ARPAModel
  do {
    model = try ARPAModel(parsing: Data(bytes), source: "fuzz")
  } catch {
    if case .malformed(_, let line, _) = error {
      let lines = bytes.filter { $0 == 0x0A }.count + 1
      FuzzCheck.expect(line >= 1 && line <= lines, "error at line \(line) of a \(lines)-line input")
    }
    _ = error.description
    return 0
  }
  FuzzCheck.expect(model.vocabulary.count <= Corpus.maximumSymbols, "\(model.vocabulary.count) symbols accepted")
  FuzzCheck.expect(model.contextLength < NGramCounts.maximumOrder, "order \(model.contextLength + 1) accepted")
  let padding = [Int](repeating: 0, count: model.contextLength)
  for p in model.distribution(after: padding) {
    FuzzCheck.expect(!(p < 0), "a negative probability \(p)")
  }
  for symbol in 0..<model.vocabulary.count {
    let p = model.probability(of: symbol, after: padding)
    FuzzCheck.expect(!p.isNaN && p >= 0, "P(\(symbol) | start) = \(p)")
  }
  let word = model.vocabulary.decode(1..<Swift.min(model.vocabulary.count, 4))
  if !word.isEmpty {
    do {
      _ = try model.score(word)
    } catch {
      FuzzCheck.expect(false, "the model cannot score a word of its own symbols: \(error)")
    }
  }
  var sampler = ContextSampler(model: model)
  var generator = SplitMix64(seed: 1)
  _ = sampler.sample(count: 3, using: &generator)
  return 0
}
