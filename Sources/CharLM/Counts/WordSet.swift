import CKernels

/// The distinct words of a word list as byte strings, in a C open-addressing table (a Swift
/// `Set<String>` costs ~60 ns a word in hashing and bridging; this ~10 ns on names.txt).
///
/// A class because it owns C memory, freed once in `deinit`; never stored in a model.
final class WordSet: @unchecked Sendable {
  // @unchecked: a set is filled by one task at a time (one per run of lines), then merged.
  let handle: OpaquePointer?

  /// An empty set (`handle` is nil only when memory ran out; every insert then reports it).
  init() {
    handle = ck_word_set_create()
  }

  deinit {
    ck_word_set_destroy(handle)
  }

  /// The number of distinct words.
  var count: Int { handle.map { ck_word_set_count($0) } ?? 0 }

  /// Adds a word's bytes: true when it was new; nil when memory ran out.
  func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
    guard let handle else { return nil }
    let result = ck_word_set_insert(handle, bytes.baseAddress, bytes.count)
    return result < 0 ? nil : result == 1
  }

  /// Adds every word of `other`; false when memory ran out.
  func formUnion(_ other: WordSet) -> Bool {
    guard let source = other.handle else { return other.count == 0 }
    for index in 0..<other.count {
      var bytes: UnsafePointer<UInt8>?
      let length = ck_word_set_word(source, index, &bytes)
      if insert(UnsafeBufferPointer(start: bytes, count: length)) == nil { return false }
    }
    return true
  }
}
