import Foundation

/// Something that counts whole lines of a word list handed over in blocks: ``PairTally`` for
/// bigrams, ``NGramTally`` for longer n-grams.
protocol LineTally {
  /// The lines read so far (errors name lines counted from the tally's first).
  var lines: Int { get }
  /// Counts every line of `bytes`, which ends at a line break or the end of the input.
  mutating func count(lines bytes: UnsafeBufferPointer<UInt8>, source: String) throws(CorpusError)
}

/// Reads a word-list file for counting: positioned reads (`pread`, safe from several threads at
/// once) into one fixed block buffer per run, whole lines handed to a ``LineTally``.
struct BlockReader: Sendable {
  /// The open file.
  let descriptor: Int32
  /// The path as the user gave it, for messages.
  let path: String

  /// The file's size in bytes.
  func size() throws(CorpusError) -> Int {
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw failure() }
    return Int(status.st_size)
  }

  /// Fills `buffer` from `offset` on; returns the bytes read (fewer only at the end of the file).
  func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(CorpusError) -> Int {
    var filled = 0
    while filled < buffer.count {
      let got = pread(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled, off_t(offset + filled))
      if got < 0 {
        if errno == EINTR { continue }
        throw failure()
      }
      if got == 0 { break }
      filled += got
    }
    return filled
  }

  /// Up to `count` bytes from `offset` on (fewer at the end of the file).
  func bytes(count: Int, at offset: Int) throws(CorpusError) -> [UInt8] {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
    defer { buffer.deallocate() }
    let got = try read(into: buffer, at: offset)
    return Array(buffer[0..<got])
  }

  /// The first line start at or after `offset` (just past the next LF), or `end` if none.
  func nextLineStart(atOrAfter offset: Int, end: Int) throws(CorpusError) -> Int {
    var position = offset - 1
    while position < end {
      let probe = try bytes(count: 1 << 16, at: position)
      if let found = probe.firstIndex(of: 0x0A) { return position + found + 1 }
      if probe.isEmpty { break }
      position += probe.count
    }
    return end
  }

  /// `initial` after tallying the lines in `first..<last` (`first` a line start; `last` a line start
  /// or the end), read `blockSize` bytes at a time. Errors name lines counted from `first`.
  func tally<Tally: LineTally>(
    _ initial: Tally, from first: Int, to last: Int, blockSize: Int
  ) throws(CorpusError) -> Tally {
    var tally = initial
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 64)
    defer { buffer.deallocate() }
    var carried = 0
    var offset = first
    while true {
      let wanted = Swift.min(blockSize - carried, last - offset)
      let got = try read(
        into: UnsafeMutableRawBufferPointer(rebasing: buffer[carried..<(carried + wanted)]), at: offset)
      offset += got
      let filled = carried + got
      let bytes = UnsafeBufferPointer(start: buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), count: filled)
      if offset >= last || got < wanted {
        try tally.count(lines: bytes, source: path)
        return tally
      }
      // Hand over whole lines: up to the last LF, or the last CR that cannot be half of a CRLF.
      guard let cut = Self.lastLineEnd(in: bytes) else {
        // A full block without a line break holds a line far longer than any word.
        throw try longLineError(startingWith: bytes, continuingAt: offset, end: last, line: tally.lines + 1)
      }
      try tally.count(lines: UnsafeBufferPointer(rebasing: bytes[0..<cut]), source: path)
      carried = filled - cut
      // The unfinished last line moves to the front; the next read appends to it.
      buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[cut..<filled]))
    }
  }

  /// Just past the last line break of `bytes` that is surely complete, or nil when there is none.
  private static func lastLineEnd(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = bytes.count - 1
    while index >= 0 {
      if bytes[index] == 0x0A { return index + 1 }
      // A CR as the very last byte may be followed by the LF of a CRLF in the next block.
      if bytes[index] == 0x0D, index < bytes.count - 1 { return index + 1 }
      index -= 1
    }
    return nil
  }

  /// The error `Corpus.parseLine` gives a line too long to keep in memory, found by streaming it:
  /// NUL bytes make it binary, else invalid UTF-8, else it is too long by its count of scalars.
  private func longLineError(
    startingWith head: UnsafeBufferPointer<UInt8>, continuingAt offset: Int, end: Int, line: Int
  ) throws(CorpusError) -> CorpusError {
    var bytes = LineBytes(reader: self, buffered: Array(head), offset: offset, end: end)
    var parser = Unicode.UTF8.ForwardParser()
    var scalars = 0
    var isValid = true
    decoding: while true {
      switch parser.parseScalar(from: &bytes) {
      case .valid: scalars += 1
      case .error: isValid = false
      case .emptyInput: break decoding
      }
    }
    if let error = bytes.error { throw error }
    if bytes.sawNUL { return .binary(path: path, line: line) }
    if !isValid { return .invalidUTF8(path: path, line: line) }
    return .lineTooLong(path: path, line: line, characters: scalars, limit: Corpus.maximumWordLength)
  }
}

/// The bytes of one line, from what is already buffered and then from the file, up to its break.
private struct LineBytes: IteratorProtocol {
  let reader: BlockReader
  var buffered: [UInt8]
  var position = 0
  var offset: Int
  let end: Int
  var sawNUL = false
  var error: CorpusError?

  init(reader: BlockReader, buffered: [UInt8], offset: Int, end: Int) {
    self.reader = reader
    self.buffered = buffered
    self.offset = offset
    self.end = end
  }

  mutating func next() -> UInt8? {
    if position == buffered.count {
      guard offset < end, error == nil else { return nil }
      do {
        buffered = try reader.bytes(count: Swift.min(1 << 16, end - offset), at: offset)
        offset += buffered.count
        position = 0
        if buffered.isEmpty { return nil }
      } catch {
        self.error = error
        return nil
      }
    }
    let byte = buffered[position]
    if byte == 0x0A || byte == 0x0D { return nil }
    position += 1
    if byte == 0 { sawNUL = true }
    return byte
  }
}

extension BlockReader {
  /// The current `errno` as an unreadable-file error.
  fileprivate func failure() -> CorpusError {
    .unreadable(path: path, reason: String(cString: strerror(errno)))
  }
}
