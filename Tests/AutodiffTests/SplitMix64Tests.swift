import Autodiff
import Foundation
import TestSupport
import Testing

/// The generator against `Utilities/Reference/bigram_counts.py`'s independent Python SplitMix64.
@Suite struct SplitMix64Tests {
  @Test func publishedTestVector() {
    var generator = SplitMix64(seed: 0)
    #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
  }

  @Test func streamsMatchTheReference() throws {
    let golden = try Golden.load("bigram_counts")
    let streams = try #require(try Golden.value(golden, "splitMix64", "nextHex") as? [String: [String]])
    for (seed, values) in streams {
      var generator = SplitMix64(seed: try #require(UInt64(seed)))
      #expect(values.map { UInt64($0.dropFirst(2), radix: 16) } == values.map { _ in generator.next() }, "seed \(seed)")
    }
    var generator = SplitMix64(seed: 42)
    let doubles = try #require(try Golden.value(golden, "splitMix64", "seed42NextDouble") as? [Double])
    #expect(doubles == doubles.map { _ in generator.nextDouble() })
  }

  @Test func boundedIntegersMatchTheReference() throws {
    let golden = try Golden.load("bigram_counts")
    let table = try #require(try Golden.value(golden, "splitMix64", "seed42NextIntBelow") as? [String: [Int]])
    // One generator across the bounds in this order, as the script does.
    var generator = SplitMix64(seed: 42)
    for bound in ["1", "2", "27", "1000", "6917529027641081856"] {
      let expected = try #require(table[bound])
      let drawn = expected.map { _ in generator.nextInt(below: Int(bound) ?? 1) }
      #expect(drawn == expected, "bound \(bound)")
    }
  }

  @Test func stateRoundTripsThroughCodable() throws {
    var generator = SplitMix64(seed: 5)
    _ = generator.next()
    var restored = try JSONDecoder().decode(SplitMix64.self, from: try JSONEncoder().encode(generator))
    #expect((0..<10).map { _ in restored.next() } == (0..<10).map { _ in generator.next() })
  }
}
