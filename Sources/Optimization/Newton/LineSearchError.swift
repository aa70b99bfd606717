/// Why a line search found no acceptable step.
public enum LineSearchError: Error, Equatable, CustomStringConvertible {
  /// The slope ⟨∇f, d⟩ along the direction is positive (or NaN), so no small step decreases f.
  case notADescentDirection(slope: Double)
  /// No trial step satisfied the Armijo condition before the step length fell to `smallestStep`.
  case noSufficientDecrease(evaluations: Int, smallestStep: Double)

  /// What went wrong and what to do about it.
  public var description: String {
    switch self {
    case .notADescentDirection(let slope):
      return "line search: the direction d is not a descent direction (⟨∇f, d⟩ = \(slope), needs < 0); "
        + "if d is a Newton step the Hessian is probably not positive semi-definite here, so add damping "
        + "(δ > 0) or take a gradient step instead"
    case .noSufficientDecrease(let evaluations, let smallestStep):
      return "line search: no step met the Armijo condition after \(evaluations) loss evaluations "
        + "(smallest step tried t = \(smallestStep)); check that the loss and gradient agree "
        + "(run a gradient check) or allow more backtracking steps"
    }
  }
}
