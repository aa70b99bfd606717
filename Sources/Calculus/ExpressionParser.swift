import Autodiff

/// A precedence-climbing parser for ``Expression`` that reads tokens on demand, so the first
/// problem from the left is the one reported, whether a bad character or a misplaced operator.
///
/// Recursion happens only where the input nests (parentheses, signs, calls, the right side of
/// `^`), and every nesting step is counted and refused past ``Expression/maximumDepth``, so no
/// input can exhaust the stack. The depth of each node built is checked against the same limit,
/// which also bounds long operator chains such as `x+x+…+x`.
struct ExpressionParser {
  private enum Kind: Equatable {
    case number(Double), identifier(String)
    case plus, minus, times, divide, power, open, close, comma, end
  }

  private struct Token {
    var kind: Kind
    /// Offset of the token's first Character in the input.
    var offset: Int
  }

  /// A parsed subexpression and its depth (a leaf is 1; parentheses count a level).
  private typealias Parsed = (expression: Expression, depth: Int)

  private let input: String
  private let characters: [Character]
  /// The next Character the scanner reads.
  private var position = 0
  /// The token under consideration.
  private var token = Token(kind: .end, offset: 0)

  /// Parses all of `text` as one expression.
  static func parse(_ text: String) throws(Expression.ParseError) -> Expression {
    let limit = Expression.maximumInputLength
    let length = text.count
    guard length <= limit else {
      throw Expression.ParseError(
        input: text, offset: limit,
        message: "the expression is \(length) characters long, more than the \(limit) allowed; shorten it")
    }
    var parser = ExpressionParser(input: text, characters: Array(text))
    try parser.advance()
    if parser.token.kind == .end {
      throw parser.error("the expression is empty; write one such as x^2 + 3*y")
    }
    let parsed = try parser.parseSum(nesting: 0)
    switch parser.token.kind {
    case .end: return parsed.expression
    case .close: throw parser.error("this ')' has no '(' before it to close")
    default: throw parser.error("expected an operator (+ - * / ^) here; a product needs an explicit '*'")
    }
  }

  private init(input: String, characters: [Character]) {
    self.input = input
    self.characters = characters
  }

  // MARK: Grammar, loosest binding first

  /// sum := product (('+' | '-') product)*
  private mutating func parseSum(nesting: Int) throws(Expression.ParseError) -> Parsed {
    var lhs = try parseProduct(nesting: nesting)
    while token.kind == .plus || token.kind == .minus {
      let operation = token
      try advance()
      let rhs = try parseProduct(nesting: nesting)
      let node: Expression =
        operation.kind == .plus ? .sum(lhs.expression, rhs.expression) : .difference(lhs.expression, rhs.expression)
      lhs = try checked(node, depth: max(lhs.depth, rhs.depth) + 1, at: operation)
    }
    return lhs
  }

  /// product := signed (('*' | '/') signed)*
  private mutating func parseProduct(nesting: Int) throws(Expression.ParseError) -> Parsed {
    var lhs = try parseSigned(nesting: nesting)
    while token.kind == .times || token.kind == .divide {
      let operation = token
      try advance()
      let rhs = try parseSigned(nesting: nesting)
      let node: Expression =
        operation.kind == .times
        ? .product(lhs.expression, rhs.expression) : .quotient(lhs.expression, rhs.expression)
      lhs = try checked(node, depth: max(lhs.depth, rhs.depth) + 1, at: operation)
    }
    return lhs
  }

  /// signed := ('-' | '+') signed | power
  private mutating func parseSigned(nesting: Int) throws(Expression.ParseError) -> Parsed {
    guard token.kind == .minus || token.kind == .plus else { return try parsePower(nesting: nesting) }
    let sign = token
    try enter(nesting, at: sign)
    try advance()
    let operand = try parseSigned(nesting: nesting + 1)
    let node = sign.kind == .minus ? Expression.negation(operand.expression) : operand.expression
    return try checked(node, depth: operand.depth + 1, at: sign)
  }

  /// power := primary (('^' | '**') signed)?, right-associative through `signed`.
  private mutating func parsePower(nesting: Int) throws(Expression.ParseError) -> Parsed {
    let base = try parsePrimary(nesting: nesting)
    guard token.kind == .power else { return base }
    let operation = token
    try enter(nesting, at: operation)
    try advance()
    let exponent = try parseSigned(nesting: nesting + 1)
    return try checked(
      .power(base.expression, exponent.expression), depth: max(base.depth, exponent.depth) + 1, at: operation)
  }

  /// primary := number | variable | function '(' sum ')' | '(' sum ')'
  private mutating func parsePrimary(nesting: Int) throws(Expression.ParseError) -> Parsed {
    let start = token
    switch start.kind {
    case .number(let value):
      try advance()
      return (.constant(value), 1)
    case .identifier(let name):
      try advance()
      if let function = ExpressionFunction(rawValue: name) {
        guard token.kind == .open else {
          throw error("\(name) is a function: expected '(' after it, as in \(name)(x)")
        }
        let argument = try parseParenthesized(nesting: nesting, after: name)
        return try checked(.call(function, argument.expression), depth: argument.depth, at: start)
      }
      if token.kind == .open {
        throw error(
          "unknown function '\(name)'; the functions are "
            + ExpressionFunction.allCases.map(\.rawValue).joined(separator: ", "),
          at: start)
      }
      return (.variable(name), 1)
    case .open:
      return try parseParenthesized(nesting: nesting, after: nil)
    case .end:
      throw error("the expression ends too early: expected a number, variable, function or '(' here")
    default:
      throw error("expected a number, variable, function or '(' here")
    }
  }

  /// '(' sum ')', counting one nesting level; `function` names the call the parentheses belong to.
  private mutating func parseParenthesized(
    nesting: Int, after function: String?
  ) throws(Expression.ParseError) -> Parsed {
    let open = token
    try enter(nesting, at: open)
    try advance()
    let inner = try parseSum(nesting: nesting + 1)
    switch token.kind {
    case .close:
      try advance()
      return try checked(inner.expression, depth: inner.depth + 1, at: open)
    case .comma where function != nil:
      throw error("\(function ?? "") takes one argument: expected ')' here")
    default:
      let closing = "')' to close the '(' at column \(open.offset + 1)"
      throw error(token.kind == .end ? "missing \(closing)" : "expected an operator or \(closing) here")
    }
  }

  // MARK: Depth limits

  /// Refuses to nest past the limit: whatever is built inside `nesting + 1` enclosing levels is
  /// at least `nesting + 2` deep, so this fails no later than `checked` would, and before recursing.
  private func enter(_ nesting: Int, at token: Token) throws(Expression.ParseError) {
    if nesting + 2 > Expression.maximumDepth { throw tooDeep(at: token) }
  }

  /// `node` if `depth` is within the limit.
  private func checked(_ node: Expression, depth: Int, at token: Token) throws(Expression.ParseError) -> Parsed {
    guard depth <= Expression.maximumDepth else { throw tooDeep(at: token) }
    return (node, depth)
  }

  private func tooDeep(at token: Token) -> Expression.ParseError {
    error(
      "the expression nests more than \(Expression.maximumDepth) levels deep here (each operator, sign, "
        + "function call and pair of parentheses is a level); split it into simpler parts",
      at: token)
  }

  // MARK: Scanning

  /// Moves to the next token.
  private mutating func advance() throws(Expression.ParseError) {
    while position < characters.count && characters[position].isWhitespace { position += 1 }
    let start = position
    guard position < characters.count else {
      token = Token(kind: .end, offset: start)
      return
    }
    let character = characters[position]
    position += 1
    let kind: Kind
    switch character {
    case "+": kind = .plus
    case "-": kind = .minus
    case "*":
      if position < characters.count && characters[position] == "*" {
        position += 1
        kind = .power
      } else {
        kind = .times
      }
    case "/": kind = .divide
    case "^": kind = .power
    case "(": kind = .open
    case ")": kind = .close
    case ",": kind = .comma
    case _ where isDigit(character) || (character == "." && isDigit(at: position)):
      kind = try scanNumber(from: start)
    case _ where isIdentifierStart(character):
      while position < characters.count && (isIdentifierStart(characters[position]) || isDigit(characters[position])) {
        position += 1
      }
      kind = .identifier(String(characters[start..<position]))
    default:
      let shown =
        character.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control }
        ? character.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
        : "'\(character)'"
      throw error("unexpected character \(shown); expressions use numbers, letters, _ and + - * / ^ ( )", at: start)
    }
    token = Token(kind: kind, offset: start)
  }

  /// digits ['.' digits] [('e' | 'E') ['+' | '-'] digits], starting at `start` (one Character read).
  private mutating func scanNumber(from start: Int) throws(Expression.ParseError) -> Kind {
    position = start
    skipDigits()
    if position < characters.count && characters[position] == "." {
      position += 1
      skipDigits()
    }
    if position < characters.count && (characters[position] == "e" || characters[position] == "E") {
      position += 1
      if position < characters.count && (characters[position] == "+" || characters[position] == "-") {
        position += 1
      }
      guard isDigit(at: position) else {
        throw error(
          "bad number '\(String(characters[start..<position]))': the exponent needs digits, as in 1e-3", at: start)
      }
      skipDigits()
    }
    let text = String(characters[start..<position])
    if position < characters.count && characters[position] == "." {
      throw error("bad number '\(text).': a number has at most one '.' and it comes before any exponent", at: start)
    }
    guard let value = Double(text) else { throw error("bad number '\(text)'", at: start) }
    guard value.isFinite else {
      throw error("the number \(text) is too large: a Double reaches only about 1.8e308", at: start)
    }
    return .number(value)
  }

  private mutating func skipDigits() {
    while isDigit(at: position) { position += 1 }
  }

  private func isDigit(at index: Int) -> Bool {
    index < characters.count && isDigit(characters[index])
  }

  private func isDigit(_ character: Character) -> Bool {
    character.isASCII && character.isNumber
  }

  private func isIdentifierStart(_ character: Character) -> Bool {
    character == "_" || (character.isASCII && character.isLetter)
  }

  /// An error at the current token, or at `token` when given.
  private func error(_ message: String, at token: Token? = nil) -> Expression.ParseError {
    error(message, at: (token ?? self.token).offset)
  }

  private func error(_ message: String, at offset: Int) -> Expression.ParseError {
    Expression.ParseError(input: input, offset: offset, message: message)
  }
}
