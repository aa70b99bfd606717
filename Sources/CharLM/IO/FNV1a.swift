/// FNV-1a, 64 bits (Fowler, Noll and Vo): h ← (h ⊕ byte)·0x100000001B3 from 0xCBF29CE484222325.
/// Not cryptographic: it detects accidental damage and tells data sets apart.
struct FNV1a {
  /// The hash so far.
  private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

  /// Mixes in `bytes`.
  mutating func combine(_ bytes: some Sequence<UInt8>) {
    for byte in bytes {
      value ^= UInt64(byte)
      value &*= 0x0000_0100_0000_01B3
    }
  }

  /// The hash as 16 lowercase hex digits.
  var hexDigits: String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }

  /// The hash of `bytes` as 16 lowercase hex digits.
  static func hexDigest(_ bytes: some Sequence<UInt8>) -> String {
    var hash = FNV1a()
    hash.combine(bytes)
    return hash.hexDigits
  }
}

extension Corpus {
  /// A fingerprint of the training events: FNV-1a over every word's UTF-8 bytes, each followed by a
  /// newline, in corpus order (the events and their order follow from the words and their order).
  public var fingerprint: String {
    var hash = FNV1a()
    for word in words {
      hash.combine(word.utf8)
      hash.combine(CollectionOfOne(0x0A))
    }
    return hash.hexDigits
  }
}
