import Autodiff

extension DOTGraph {
  /// The graph of `expression` recorded on a tape at `point` and differentiated by reverse mode;
  /// each node is labelled with the subexpression it computes, cut at 40 Characters.
  ///
  /// - Throws: ``DerivativeAnalysisError`` when `point` names a variable the expression does not
  ///   have, or the expression has no value there.
  public init(of expression: Expression, at point: [String: Double]) throws(DerivativeAnalysisError) {
    let variables = expression.variables
    if let name = point.keys.sorted().first(where: { !variables.contains($0) }) {
      throw .unknownVariable(name: name, variables: variables)
    }
    do {
      _ = try expression.evaluate(at: point)
    } catch {
      throw .undefinedValue(error)
    }
    self.init(at: variables.map { Tensor(point[$0] ?? 0) }) { inputs, label in
      expression.build(on: inputs[0].tape, variables: Dictionary(uniqueKeysWithValues: zip(variables, inputs))) {
        variable, subexpression in
        let text = subexpression.description
        label(variable, text.count > 40 ? text.prefix(39) + "…" : text)
      }
    }
  }
}
