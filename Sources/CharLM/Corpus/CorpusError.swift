/// Why a corpus could not be read: each case names the file (and line) and says what to do.
public enum CorpusError: Error, Equatable, CustomStringConvertible {
  /// Nothing exists at the path.
  case fileNotFound(path: String)
  /// The path is a symbolic link to `target`, which does not exist.
  case danglingSymbolicLink(path: String, target: String)
  /// The path is a directory, not a file.
  case isDirectory(path: String)
  /// The file exists but could not be read (permissions, I/O error, a socket).
  case unreadable(path: String, reason: String)
  /// The file is larger than ``Corpus/maximumBytes``.
  case tooLarge(path: String, limit: Int)
  /// The file has no bytes.
  case empty(path: String)
  /// Every line is blank.
  case onlyBlankLines(path: String, lines: Int)
  /// The bytes of `line` are not valid UTF-8.
  case invalidUTF8(path: String, line: Int)
  /// The file starts with a UTF-16 or UTF-32 byte-order mark.
  case wrongEncoding(path: String, encoding: String)
  /// The file holds NUL bytes, as binary files do.
  case binary(path: String, line: Int)
  /// A word holds an invisible control character.
  case controlCharacter(path: String, line: Int, character: Unicode.Scalar)
  /// A line is longer than a word can be.
  case lineTooLong(path: String, line: Int, characters: Int, limit: Int)
  /// A word holds the boundary token `.`.
  case containsBoundary(path: String, line: Int, word: String)
  /// The data holds more distinct characters than a V×V model can sensibly have.
  case tooManySymbols(path: String, count: Int, limit: Int)
  /// A dev or test word holds a character the training data (the model's vocabulary) lacks.
  case unknownCharacter(path: String, line: Int, character: Unicode.Scalar)

  /// One sentence of what was found and where, then what to do.
  public var description: String {
    switch self {
    case .fileNotFound(let path):
      return "\(path): no such file; check the path, or leave out --input to use the built-in names"
    case .danglingSymbolicLink(let path, let target):
      return "\(path): is a symbolic link to \(target), which does not exist; fix the link or pass the file itself"
    case .isDirectory(let path):
      return "\(path): is a directory; pass a text file with one word per line"
    case .unreadable(let path, let reason):
      return "\(path): cannot be read (\(reason)); pass a text file that you may read"
    case .tooLarge(let path, let limit):
      return "\(path): more than \(limit >> 20) MiB, too large for a word list; is this the right file?"
    case .empty(let path):
      return "\(path): the file is empty; give a text file with one word per line"
    case .onlyBlankLines(let path, let lines):
      return "\(path): all \(lines) lines are blank, so there are no words; give a file with one word per line"
    case .invalidUTF8(let path, let line):
      return "\(path):\(line): not valid UTF-8; convert the file to UTF-8 (e.g. iconv -t UTF-8)"
    case .wrongEncoding(let path, let encoding):
      return "\(path): the file is \(encoding) (it starts with a byte-order mark); "
        + "convert it to UTF-8, e.g. iconv -f \(encoding) -t UTF-8 FILE > FILE.utf8"
    case .binary(let path, let line):
      return "\(path):\(line): holds NUL bytes, so it looks like a binary file; give a text file with one word per line"
    case .controlCharacter(let path, let line, let character):
      let code = "U+" + String(character.value, radix: 16, uppercase: true)
      return
        "\(path):\(line): holds the control character \(code) inside a word; remove it (one word per line, plain text)"
    case .lineTooLong(let path, let line, let characters, let limit):
      return "\(path):\(line): the line is \(characters) characters long, more than the \(limit) a word may have; "
        + "bigram reads one word per line: is this the right file?"
    case .containsBoundary(let path, let line, let word):
      return "\(path):\(line): the word \(word.debugDescription) contains '.', which bigram reserves to mark "
        + "the start and end of words; remove or replace the '.' characters"
    case .tooManySymbols(let path, let count, let limit):
      return "\(path): the words use \(count) distinct characters, more than the \(limit) a V×V model allows "
        + "(\(limit)² weights); is this a word list? filter it to the characters you want to model"
    case .unknownCharacter(let path, let line, let character):
      let code = "U+" + String(character.value, radix: 16, uppercase: true)
      return "\(path):\(line): the character '\(Character(character))' (\(code)) never occurs in the training data, "
        + "so the model has no symbol for it; remove the word, or train on data that has the character"
    }
  }
}
