import Autodiff
import Calculus
import Testing

/// `Expression(parsing:)`: precedence, numbers, variables, errors with their columns, and the limits.
@Suite struct ExpressionParsingTests {
  @Test(arguments: [
    ("1+2*3", 7.0), ("2^3^2", 512), ("-2^2", -4), ("(-2)^2", 4), ("2**3", 8), ("2 ** 3 ** 2", 512),
    ("2^-1", 0.5), ("2*-3", -6), ("10-4-3", 3), ("64/4/2", 8), ("2*3^2", 18), ("-2*3", -6), ("+3", 3),
    ("--2", 2), ("- -2^2", 4), ("(1+2)*3", 9), ("1e-3*1000", 1), (".5*4", 2), ("1.5e+2", 150), ("2.", 2),
    ("2E2", 200), ("  7 ", 7), ("8/2^2", 2), ("1 - 2 + 3", 2), ("abs(-3)", 3), ("2^-2^2", 0.0625),
  ])
  func precedenceAndAssociativity(text: String, value: Double) throws {
    #expect(try parsed(text).evaluate(at: [:]) == value)
  }

  @Test func powerBindsTighterThanASignOnItsLeft() throws {
    let x = Expression.variable("x")
    #expect(try parsed("-x^2") == .negation(.power(x, 2)))
    #expect(try parsed("-x**2") == .negation(.power(x, 2)))
    #expect(try parsed("x^-2") == .power(x, .negation(2)))
    #expect(try parsed("2^3^x") == .power(2, .power(3, x)))
    #expect(try parsed("x - -x") == .difference(x, .negation(x)))
    #expect(try parsed("exp(x)^2") == .power(.call(.exp, x), 2))
  }

  @Test func variablesInOrderOfFirstAppearance() throws {
    #expect(try parsed("y*x + x + z_1 + exp(y) + _a2").variables == ["y", "x", "z_1", "_a2"])
    #expect(try parsed("exponent + sinh + x").variables == ["exponent", "sinh", "x"])
    #expect(try parsed("sin(cos(3))").variables == [])
    #expect(try parsed("b^a").variables == ["b", "a"])
  }

  @Test(arguments: [
    "x^2 + 3*y", "-x^2", "(-x)^2", "(-2)^x", "2^-x", "2^3^2", "(2^3)^2", "a - (b - c)", "a - b - c",
    "a/(b*c)", "a/b*c", "-(a + b)", "--x", "x*-y", "x - -y", "sigmoid(w*x + b)/1e-3", "1.5e+20*x",
    "0.1 + tanh(x)^-0.5", "-(x*y)", "exp(-x^2)*cos(3*y)", "heaviside(x)*sign(y)",
  ])
  func printingRoundTrips(text: String) throws {
    let expression = try parsed(text)
    #expect(try parsed(expression.description) == expression, "\(text) printed as \(expression)")
  }

  @Test func printingUsesOnlyTheNeededParentheses() throws {
    #expect(try parsed("((x)) + ((2*(y)))").description == "x + 2*y")
    #expect(try parsed("(a - (b - c))").description == "a - (b - c)")
    #expect(try parsed("(-x)^2 - -x^2").description == "(-x)^2 - -x^2")
    #expect(Expression.power(.constant(-2), .constant(0.5)).description == "(-2)^0.5")
  }

  /// Each bad input, the 0-based Character offset of the error and a phrase its message must hold.
  @Test(arguments: [
    ("x^2 + * y", 6, "expected a number, variable, function or '(' here"),
    ("", 0, "empty"), ("   ", 3, "empty"),
    ("foo(x)", 0, "unknown function 'foo'"), ("2 * bar(1)", 4, "unknown function 'bar'"),
    ("(x + 1", 6, "missing ')' to close the '(' at column 1"), ("exp(x", 5, "'(' at column 4"),
    ("(x + 1 y", 7, "expected an operator or ')'"), ("x y", 2, "expected an operator"),
    ("2x", 1, "explicit '*'"), ("x)", 1, "has no '(' before it"), ("sin(x)) ", 6, "no '('"),
    ("1.2.3", 0, "bad number"), ("1e", 0, "exponent needs digits"), ("3e+ 1", 0, "exponent needs digits"),
    ("1e999", 0, "too large"), ("x & y", 2, "unexpected character '&'"), ("é + x", 0, "unexpected character 'é'"),
    ("x\t+ é", 4, "unexpected character"), ("x +\u{7}", 3, "U+7"),
    ("exp + 1", 4, "expected '(' after it"), ("exp(x, y)", 5, "takes one argument"),
    ("x +", 3, "ends too early"), ("()", 1, "expected a number"), ("x ^ ^ 2", 4, "expected a number"),
    ("x * * 2", 4, "expected a number"), (".", 0, "unexpected character '.'"),
  ])
  func errorsPointAtTheProblem(text: String, offset: Int, phrase: String) {
    let error = #expect(throws: Expression.ParseError.self) { try Expression(parsing: text) }
    #expect(error?.offset == offset)
    #expect(error?.message.contains(phrase) == true, "\(error?.message ?? "")")
    #expect(error?.input == text)
  }

  @Test func renderingPutsTheCaretUnderTheColumn() {
    let error = Expression.ParseError(
      input: "x^2 + * y", offset: 6, message: "expected a number, variable, function or '(' here")
    #expect(error.rendered() == "x^2 + * y\n      ^ expected a number, variable, function or '(' here")
    #expect(error.description == "column 7: expected a number, variable, function or '(' here")
    let tabbed = Expression.ParseError(input: "\tx\n+", offset: 3, message: "m")
    #expect(tabbed.rendered() == " x +\n   ^ m")
  }

  @Test func longInputsRenderAWindowAroundTheError() {
    let input = String((0..<300).map { Character(UnicodeScalar(UInt8(97 + $0 % 26))) })
    for offset in [0, 5, 150, 299, 300] {
      let lines = ParseErrorLines(Expression.ParseError(input: input, offset: offset, message: "here"))
      #expect(lines.input.count <= 74)
      let caret = lines.caretColumn
      if offset < input.count {
        #expect(Array(lines.input)[caret] == Array(input)[offset], "offset \(offset)")
      } else {
        #expect(caret == lines.input.count, "the end of the input")
      }
    }
  }

  @Test func inputLengthIsBounded() throws {
    let longest = "x" + String(repeating: " ", count: Expression.maximumInputLength - 1)
    #expect(try parsed(longest) == .variable("x"))
    let error = #expect(throws: Expression.ParseError.self) { try Expression(parsing: longest + " ") }
    #expect(error?.offset == Expression.maximumInputLength)
    #expect(error?.message.contains("10001 characters") == true)
  }

  /// Each kind of nesting: legal at exactly `maximumDepth` levels, refused one level deeper at the
  /// Character that crosses the limit.
  @Test(arguments: Nesting.allCases)
  func nestingIsBoundedAtTheLimit(nesting: Nesting) throws {
    let limit = Expression.maximumDepth
    _ = try parsed(nesting.text(depth: limit))
    let error = #expect(throws: Expression.ParseError.self) { try Expression(parsing: nesting.text(depth: limit + 1)) }
    #expect(error?.offset == nesting.offsetOfLevel(limit + 1))
    #expect(error?.message.contains("more than \(limit) levels") == true)
  }

  @Test func deepInputsAreRefusedWithoutRecursing() {
    for depth in [100_000, 9_999] {
      let text = String(repeating: "(", count: depth) + "x" + String(repeating: ")", count: depth)
      #expect(throws: Expression.ParseError.self) { try Expression(parsing: text) }
    }
    let error = #expect(throws: Expression.ParseError.self) {
      try Expression(parsing: String(repeating: "-(", count: 4_000))
    }
    #expect(error?.offset == Expression.maximumDepth - 1)
  }
}

/// The two lines of a rendered error, and the column of its caret.
private struct ParseErrorLines {
  let input: String
  let caretColumn: Int

  init(_ error: Expression.ParseError) {
    let lines = error.rendered().split(separator: "\n", omittingEmptySubsequences: false)
    input = String(lines[0])
    caretColumn = lines[1].firstIndex(of: "^").map { lines[1].distance(from: lines[1].startIndex, to: $0) } ?? -1
  }
}

/// Ways to nest an expression `depth` levels deep, one repeated unit per level.
enum Nesting: CaseIterable, Sendable {
  case parentheses, signs, powers, sums, products, calls

  /// The repeated unit, and what closes it.
  private var unit: (open: String, leaf: String, close: String) {
    switch self {
    case .parentheses: ("(", "x", ")")
    case .signs: ("-", "x", "")
    case .powers: ("2^", "2", "")
    case .sums: ("x+", "x", "")
    case .products: ("y*", "y", "")
    case .calls: ("exp(", "x", ")")
    }
  }

  /// depth − 1 units around a leaf (a leaf is one level).
  func text(depth: Int) -> String {
    String(repeating: unit.open, count: depth - 1) + unit.leaf + String(repeating: unit.close, count: depth - 1)
  }

  /// The offset of the operator or '(' that makes level `level`: the last Character of its unit.
  func offsetOfLevel(_ level: Int) -> Int {
    (level - 2) * unit.open.count + unit.open.count - 1
  }
}
