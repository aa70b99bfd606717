/// A Python literal as it appears in a `.npy` header: `{'descr': '<f8', 'fortran_order': False,
/// 'shape': (27, 27), }`.
///
/// NumPy reads headers with `ast.literal_eval`; this is the subset that headers use (strings,
/// integers, booleans, `None`, tuples, lists, dicts), parsed without evaluating anything.
enum PythonLiteral: Sendable {
  case string(String)
  case integer(Int)
  case boolean(Bool)
  case none
  case tuple([PythonLiteral])
  case list([PythonLiteral])
  case dictionary([(key: PythonLiteral, value: PythonLiteral)])

  /// Why a header is not a valid literal, and the character offset where that was noticed.
  struct SyntaxError: Error {
    var message: String
    var offset: Int
  }

  /// Parses `text` as exactly one literal, surrounded by nothing but whitespace.
  init(parsing text: String) throws(SyntaxError) {
    var parser = Parser(characters: Array(text.unicodeScalars))
    self = try parser.parseValue(depth: 0)
    parser.skipWhitespace()
    if parser.position < parser.characters.count {
      throw SyntaxError(message: "unexpected text after the literal", offset: parser.position)
    }
  }

  /// A Python-like rendering for error messages, e.g. `[('a', '<i4')]`.
  var pythonDescription: String {
    switch self {
    case .string(let s): "'\(s)'"
    case .integer(let n): String(n)
    case .boolean(let b): b ? "True" : "False"
    case .none: "None"
    case .tuple(let items):
      "(" + items.map(\.pythonDescription).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
    case .list(let items): "[" + items.map(\.pythonDescription).joined(separator: ", ") + "]"
    case .dictionary(let pairs):
      "{" + pairs.map { "\($0.key.pythonDescription): \($0.value.pythonDescription)" }.joined(separator: ", ") + "}"
    }
  }
}

/// A recursive-descent parser over Unicode scalars.
private struct Parser {
  // Headers are capped in length, but "((((…" would still recurse once per character; no real
  // dtype nests deeper than a few levels.
  static let maximumDepth = 16
  // Int.max has 19 digits; longer numbers are refused before conversion is even tried.
  static let maximumDigits = 19

  let characters: [Unicode.Scalar]
  var position = 0

  init(characters: [Unicode.Scalar]) {
    self.characters = characters
  }

  var current: Unicode.Scalar? { position < characters.count ? characters[position] : nil }

  mutating func skipWhitespace() {
    while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" { position += 1 }
  }

  func error(_ message: String) -> PythonLiteral.SyntaxError {
    PythonLiteral.SyntaxError(message: message, offset: position)
  }

  mutating func parseValue(depth: Int) throws(PythonLiteral.SyntaxError) -> PythonLiteral {
    guard depth < Parser.maximumDepth else { throw error("nested more than \(Parser.maximumDepth) levels deep") }
    skipWhitespace()
    guard let c = current else { throw error("unexpected end of header") }
    switch c {
    case "'", "\"": return .string(try parseString(quote: c))
    case "(": return .tuple(try parseSequence(closing: ")", depth: depth))
    case "[": return .list(try parseSequence(closing: "]", depth: depth))
    case "{": return try parseDictionary(depth: depth)
    case "-", "0"..."9": return .integer(try parseInteger())
    default:
      for (word, value) in [("True", PythonLiteral.boolean(true)), ("False", .boolean(false)), ("None", .none)]
      where matches(word) {
        position += word.unicodeScalars.count
        return value
      }
      throw error("unexpected character '\(c)'")
    }
  }

  func matches(_ word: String) -> Bool {
    let scalars = Array(word.unicodeScalars)
    guard position + scalars.count <= characters.count,
      Array(characters[position..<(position + scalars.count)]) == scalars
    else { return false }
    // "Trueish" is a name, not the constant True.
    guard let next = position + scalars.count < characters.count ? characters[position + scalars.count] : nil else {
      return true
    }
    return !(next.properties.isAlphabetic || next == "_" || ("0"..."9").contains(next))
  }

  mutating func parseString(quote: Unicode.Scalar) throws(PythonLiteral.SyntaxError) -> String {
    position += 1
    var scalars = String.UnicodeScalarView()
    while let c = current {
      position += 1
      if c == quote { return String(scalars) }
      if c == "\\" {
        guard let escaped = current else { break }
        position += 1
        scalars.append(escaped)
      } else {
        scalars.append(c)
      }
    }
    throw error("unterminated string")
  }

  mutating func parseInteger() throws(PythonLiteral.SyntaxError) -> Int {
    let start = position
    if current == "-" { position += 1 }
    let digitsStart = position
    while let c = current, ("0"..."9").contains(c) { position += 1 }
    let digitCount = position - digitsStart
    guard digitCount > 0 else { throw error("expected digits") }
    guard digitCount <= Parser.maximumDigits else {
      throw error("integer with more than \(Parser.maximumDigits) digits")
    }
    // Python 2 wrote long integers with a suffix, e.g. (3L, 4L); old files still carry it.
    let value = String(String.UnicodeScalarView(characters[start..<position]))
    if current == "L" || current == "l" { position += 1 }
    guard let number = Int(value) else { throw error("integer \(value) is out of range") }
    return number
  }

  mutating func parseSequence(closing: Unicode.Scalar, depth: Int) throws(PythonLiteral.SyntaxError) -> [PythonLiteral]
  {
    position += 1
    var items: [PythonLiteral] = []
    while true {
      skipWhitespace()
      if current == closing {
        position += 1
        return items
      }
      items.append(try parseValue(depth: depth + 1))
      skipWhitespace()
      if current == "," {
        position += 1
      } else if current != closing {
        throw error("expected ',' or '\(closing)'")
      }
    }
  }

  mutating func parseDictionary(depth: Int) throws(PythonLiteral.SyntaxError) -> PythonLiteral {
    position += 1
    var pairs: [(key: PythonLiteral, value: PythonLiteral)] = []
    while true {
      skipWhitespace()
      if current == "}" {
        position += 1
        return .dictionary(pairs)
      }
      let key = try parseValue(depth: depth + 1)
      skipWhitespace()
      guard current == ":" else { throw error("expected ':' after a dictionary key") }
      position += 1
      pairs.append((key, try parseValue(depth: depth + 1)))
      skipWhitespace()
      if current == "," {
        position += 1
      } else if current != "}" {
        throw error("expected ',' or '}'")
      }
    }
  }
}
