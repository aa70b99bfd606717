import Autodiff
import Foundation

extension BigramCounts {
  /// Inputs at least this large are counted in parallel, one contiguous run of lines per core.
  static let parallelThreshold = 1 << 20
  /// The bytes read from a file at a time by each core: memory stays constant whatever the file size.
  static let blockSize = 1 << 22

  /// Counts the bigrams of a word list file in one streaming pass, without building the words:
  /// the counts, vocabulary and errors are those of `BigramCounts(corpus: Corpus(contentsOfFile: path))`.
  ///
  /// The file is read in 4 MB blocks, one per core at a time (files over 1 MB are split into runs
  /// counted in parallel and merged exactly), so memory stays constant whatever the file size.
  /// - Throws: ``CorpusError`` naming the file (and line) for a missing, unreadable, empty,
  ///   binary, non-UTF-8 or otherwise unusable file, exactly as ``Corpus/init(contentsOfFile:)``.
  public init(contentsOfFile path: String) throws(CorpusError) {
    let tallies = try Self.tallyLines(ofFile: path) { reader, first, last throws(CorpusError) in
      try reader.tally(PairTally(), from: first, to: last, blockSize: Self.blockSize)
    }
    try self.init(tallies: tallies, source: path)
  }

  /// Opens the word list at `path` and tallies its runs of whole lines concurrently, one call of
  /// `tally(reader, first, last)` per run (a single run below the parallel threshold), in file order.
  ///
  /// - Throws: ``CorpusError`` for a missing, unreadable or empty file, or a UTF-16/32 one.
  static func tallyLines<Tally>(
    ofFile path: String, _ tally: (BlockReader, Int, Int) throws(CorpusError) -> Tally
  ) throws(CorpusError) -> [Result<Tally, CorpusError>] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      // As Corpus: a link to nothing still shows in a directory listing, where "no such file" would puzzle.
      if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
        throw .danglingSymbolicLink(path: path, target: target)
      }
      throw .fileNotFound(path: path)
    }
    guard !isDirectory.boolValue else { throw .isDirectory(path: path) }
    let file: FileHandle
    do {
      file = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
    } catch {
      throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
    }
    defer { try? file.close() }
    let reader = BlockReader(descriptor: file.fileDescriptor, path: path)
    let size = try reader.size()
    guard size > 0 else { throw .empty(path: path) }
    let start = try Self.textStart(try reader.bytes(count: 4, at: 0), source: path)
    let boundaries = try Self.chunkBoundaries(from: start, to: size) { offset throws(CorpusError) in
      try reader.nextLineStart(atOrAfter: offset, end: size)
    }
    return Self.tallyInParallel(boundaries) { first, last throws(CorpusError) in try tally(reader, first, last) }
  }

  /// Counts the bigrams of the bytes of a word list in memory: the same counts and errors as
  /// `BigramCounts(corpus: Corpus(parsing: data, source: source))`, in one pass over the bytes.
  ///
  /// - Throws: ``CorpusError``, as ``Corpus/init(parsing:source:)``.
  public init(parsing data: Data, source: String) throws(CorpusError) {
    guard !data.isEmpty else { throw .empty(path: source) }
    let tallies = try data.withUnsafeBytes { raw in
      Result { () throws(CorpusError) in
        let bytes = raw.bindMemory(to: UInt8.self)
        let start = try Self.textStart(Array(bytes.prefix(4)), source: source)
        let boundaries = Self.chunkBoundaries(from: start, to: bytes.count) { offset in
          // The first line start at or after `offset`: just past the next LF.
          var index = offset
          while index < bytes.count, bytes[index - 1] != 0x0A { index += 1 }
          return index
        }
        return Self.tallyInParallel(boundaries) { first, last throws(CorpusError) in
          var tally = PairTally()
          try tally.count(lines: UnsafeBufferPointer(rebasing: bytes[first..<last]), source: source)
          return tally
        }
      }
    }.get()
    try self.init(tallies: tallies, source: source)
  }

  /// Where the text starts after a byte-order mark: a UTF-8 mark is skipped; UTF-16 and UTF-32
  /// marks mean the wrong encoding.
  static func textStart(_ head: [UInt8], source: String) throws(CorpusError) -> Int {
    if head.starts(with: [0xFF, 0xFE, 0, 0]) || head.starts(with: [0, 0, 0xFE, 0xFF]) {
      throw .wrongEncoding(path: source, encoding: "UTF-32")
    }
    if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
      throw .wrongEncoding(path: source, encoding: "UTF-16")
    }
    return head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
  }

  /// Splits `start..<end` into runs of whole lines, four per core (a single run below the parallel
  /// threshold); `lineStart(offset)` finds the first line start at or after `offset`. The runs
  /// only ever split just after an LF, so a CRLF is never cut in two.
  static func chunkBoundaries<E: Error>(
    from start: Int, to end: Int, lineStart: (Int) throws(E) -> Int
  ) throws(E) -> [Int] {
    // Four runs per core, so a core slowed by other work hands its share to the others.
    let runs = 4 * ProcessInfo.processInfo.activeProcessorCount
    let chunks =
      end - start >= parallelThreshold ? Swift.max(1, Swift.min(runs, (end - start) / (parallelThreshold / 2))) : 1
    var boundaries = [start]
    for k in 1..<chunks {
      let target = start + (end - start) * k / chunks
      boundaries.append(Swift.max(boundaries[k - 1], try lineStart(Swift.max(target, start + 1))))
    }
    boundaries.append(end)
    return boundaries
  }

  /// Tallies the runs `boundaries[k]..<boundaries[k+1]` concurrently on all cores.
  static func tallyInParallel<Tally>(
    _ boundaries: [Int], _ tally: (Int, Int) throws(CorpusError) -> Tally
  ) -> [Result<Tally, CorpusError>] {
    Parallel.map(boundaries.count - 1) { k in
      Result { () throws(CorpusError) in try tally(boundaries[k], boundaries[k + 1]) }
    }
  }

  /// The counts of the merged tallies, in the vocabulary of the symbols they hold; the first
  /// error in file order is thrown with its line counted from the start of the file.
  private init(tallies: [Result<PairTally, CorpusError>], source: String) throws(CorpusError) {
    var merged = PairTally()
    for result in tallies {
      switch result {
      case .success(let tally): merged.merge(tally)
      case .failure(let error): throw error.movingLine(by: merged.lines)
      }
    }
    try self.init(merged: merged, source: source)
  }

  /// The counts of a tally of the whole input, in the vocabulary of the symbols it holds.
  init(merged: PairTally, source: String) throws(CorpusError) {
    // No line at all (a byte-order mark and nothing else) is an empty file, as Corpus says.
    guard merged.lines > 0 else { throw .empty(path: source) }
    guard merged.words > 0 else { throw .onlyBlankLines(path: source, lines: merged.blankLines) }
    let symbols = merged.symbols
    if symbols.count + 1 > Corpus.maximumSymbols {
      throw .tooManySymbols(path: source, count: symbols.count + 1, limit: Corpus.maximumSymbols)
    }
    // Every scalar of a word was validated by the pass, so each is a valid Unicode scalar.
    let vocabulary = Vocabulary(symbols: [Vocabulary.boundary] + symbols.compactMap(Unicode.Scalar.init))
    let v = vocabulary.count
    // Raw symbol → index: the scalars in order after the boundary, whose raw code is 0.
    var index: [UInt32: Int] = [0: 0]
    for (position, symbol) in symbols.enumerated() { index[symbol] = position + 1 }
    var counts = [Int](repeating: 0, count: v * v)
    merged.forEachPair { first, second, count in counts[(index[first] ?? 0) * v + (index[second] ?? 0)] += count }
    self.init(vocabulary: vocabulary, counts: counts)
  }
}

extension CorpusError {
  /// The same error with its line number moved down by `offset` lines (for a run that started there).
  func movingLine(by offset: Int) -> CorpusError {
    switch self {
    case .invalidUTF8(let path, let line): return .invalidUTF8(path: path, line: line + offset)
    case .binary(let path, let line): return .binary(path: path, line: line + offset)
    case .controlCharacter(let path, let line, let character):
      return .controlCharacter(path: path, line: line + offset, character: character)
    case .lineTooLong(let path, let line, let characters, let limit):
      return .lineTooLong(path: path, line: line + offset, characters: characters, limit: limit)
    case .containsBoundary(let path, let line, let word):
      return .containsBoundary(path: path, line: line + offset, word: word)
    case .unknownCharacter(let path, let line, let character):
      return .unknownCharacter(path: path, line: line + offset, character: character)
    case .fileNotFound, .danglingSymbolicLink, .isDirectory, .unreadable, .tooLarge, .empty, .onlyBlankLines,
      .wrongEncoding, .tooManySymbols:
      return self
    }
  }
}
