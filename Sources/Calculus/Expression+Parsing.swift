import Autodiff

extension Expression {
  /// Parses a formula such as `x^2 + 3*y`, `-x**2`, `2^-1`, `sigmoid(w*x + b)/1e-3`.
  ///
  /// Grammar, loosest first: `+ -` (left), `* /` (left), a leading sign, `^` or `**` (right, and
  /// binding tighter than a sign on its left: `-x^2` = −(x²), `2^3^2` = 2⁹), then numbers (`3`,
  /// `0.5`, `.5`, `1e-3`), variables (`[A-Za-z_][A-Za-z0-9_]*` other than function names),
  /// calls of one ``ExpressionFunction`` (`exp(x)`) and parentheses. Whitespace is ignored.
  /// Products need an explicit `*`.
  ///
  /// - Throws: ``ParseError`` at the first problem, reading left to right; an input longer than
  ///   ``maximumInputLength`` Characters or nested deeper than ``maximumDepth`` is refused.
  public init(parsing text: String) throws(ParseError) {
    self = try ExpressionParser.parse(text)
  }
}
