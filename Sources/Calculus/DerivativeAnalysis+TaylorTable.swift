import Autodiff

extension DerivativeAnalysis {
  /// f(x + εd) against the Taylor models of Appendix A along a direction d, for ε = 1, 0.1, …, 1e-4.
  ///
  /// First order: f + ε∇f·d, error ½ε²·dᵀHd + O(ε³), so error/ε² settles at ½dᵀHd. Second order:
  /// adds ½ε²·dᵀHd, error O(ε³), so error/ε³ settles at the third directional derivative / 6.
  /// Round-off (≈ 1e-16·|f|) eventually dominates both ratios at the smallest ε.
  public struct TaylorTable: Codable, Sendable, Equatable {
    /// The comparison at one step ε; nil entries where f(x + εd) has no value (see `issue`) or
    /// the Hessian does not exist.
    public struct Row: Codable, Sendable, Equatable {
      /// The step ε.
      public var epsilon: Double
      /// f(x + εd).
      public var value: Double?
      /// f(x) + ε∇f·d.
      public var firstOrder: Double
      /// f(x) + ε∇f·d + ½ε²·dᵀHd.
      public var secondOrder: Double?
      /// f(x + εd) − first order.
      public var firstOrderError: Double?
      /// f(x + εd) − second order.
      public var secondOrderError: Double?
      /// First-order error / ε².
      public var firstOrderErrorOverEpsilonSquared: Double?
      /// Second-order error / ε³.
      public var secondOrderErrorOverEpsilonCubed: Double?
      /// Why f(x + εd) has no value.
      public var issue: String?
    }

    /// The steps ε of the rows.
    public static let epsilons: [Double] = [1, 1e-1, 1e-2, 1e-3, 1e-4]

    /// The direction d, one component per variable.
    public var direction: [Double]
    /// The directional derivative ∇f·d.
    public var slope: Double
    /// ½dᵀHd, where error/ε² of the first-order model settles; nil without a Hessian.
    public var halfCurvature: Double?
    /// One row per ε in ``epsilons``.
    public var rows: [Row]

    /// The table for f = `expression` at `point` with f(x) = `value` and the given derivatives.
    init(
      of expression: Expression, at point: [String: Double], along direction: [Double], variables: [String],
      value: Double, gradient: [Double], hessian: [[Double]]?
    ) throws(DerivativeAnalysisError) {
      if let index = direction.firstIndex(where: { !$0.isFinite }) {
        throw .invalidDirection(reason: "component along \(variables[index]) is \(direction[index])")
      }
      guard direction.contains(where: { $0 != 0 }) else { throw .invalidDirection(reason: "is zero") }
      let dot = { (u: [Double], v: [Double]) in zip(u, v).reduce(0) { $0 + $1.0 * $1.1 } }
      let slope = dot(gradient, direction)
      let halfCurvature = hessian.map { 0.5 * dot($0.map { row in dot(row, direction) }, direction) }
      self.direction = direction
      self.slope = slope
      self.halfCurvature = halfCurvature
      rows = Self.epsilons.map { epsilon in
        var moved = point
        for (name, component) in zip(variables, direction) { moved[name] = (point[name] ?? 0) + epsilon * component }
        let firstOrder = value + epsilon * slope
        let secondOrder = halfCurvature.map { firstOrder + epsilon * epsilon * $0 }
        var row = Row(epsilon: epsilon, firstOrder: firstOrder, secondOrder: secondOrder)
        do throws(Expression.EvaluationError) {
          let there = try expression.evaluate(at: moved)
          row.value = there
          row.firstOrderError = there - firstOrder
          row.firstOrderErrorOverEpsilonSquared = (there - firstOrder) / (epsilon * epsilon)
          if let secondOrder {
            row.secondOrderError = there - secondOrder
            row.secondOrderErrorOverEpsilonCubed = (there - secondOrder) / (epsilon * epsilon * epsilon)
          }
        } catch {
          row.issue = error.description
        }
        return row
      }
    }
  }
}
