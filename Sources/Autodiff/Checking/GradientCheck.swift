/// Compares reverse-mode gradients with central finite differences over a sweep of step sizes.
///
/// For each step h and each checked entry xₖ, the numerical derivative is
/// (f(x + h·eₖ) − f(x − h·eₖ)) / 2h (with 2h taken as the difference of the two perturbed
/// values actually stored) and is compared with the autodiff ∂f/∂xₖ by absolute error
/// |a − b| and relative error |a − b| / max(|a|, |b|, `relativeErrorFloor`). As h shrinks the
/// truncation error (∝ h²) falls and the round-off error (∝ ε·|f|/h) rises, so a sweep shows
/// the error bottoming out near h ≈ 1e-5 for a smooth f.
///
/// Every entry of a parameter is checked when it has at most `maxEntries` entries; a larger one
/// is checked on `maxEntries` distinct entries drawn with `SplitMix64(seed:)`.
public struct GradientCheck: Sendable {
  /// The errors seen at one step size.
  public struct Row: Codable, Sendable, Equatable {
    /// The finite-difference step h.
    public var h: Double
    /// maxₖ |autodiff − numerical| over the checked entries.
    public var maxAbsError: Double
    /// maxₖ |autodiff − numerical| / max(|autodiff|, |numerical|, floor) over the checked entries.
    public var maxRelError: Double

    /// Creates a row.
    public init(h: Double, maxAbsError: Double, maxRelError: Double) {
      self.h = h
      self.maxAbsError = maxAbsError
      self.maxRelError = maxRelError
    }
  }

  /// The outcome of a check: one row per step size, in the order of `stepSizes`.
  public struct Report: Codable, Sendable, Equatable {
    /// One row per step size.
    public var rows: [Row]
    /// How many parameter entries were perturbed (the same at every step size).
    public var checkedEntries: Int

    /// Creates a report.
    public init(rows: [Row], checkedEntries: Int) {
      self.rows = rows
      self.checkedEntries = checkedEntries
    }
  }

  /// The default sweep h = 1e-2, 1e-3, …, 1e-8.
  public static let defaultStepSizes: [Double] = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8]

  /// The step sizes h to try, each giving one row.
  public var stepSizes: [Double]
  /// The most entries checked per parameter; larger parameters are sampled.
  public var maxEntries: Int
  /// The seed of the sample of entries.
  public var seed: UInt64
  /// The smallest denominator of the relative error, so two zeros compare as equal rather than 0/0.
  public var relativeErrorFloor: Double

  /// Creates a check; see the type's summary for what each setting does.
  ///
  /// - Precondition: `maxEntries > 0` and every step size is positive.
  public init(
    stepSizes: [Double] = GradientCheck.defaultStepSizes, maxEntries: Int = 100, seed: UInt64 = 0,
    relativeErrorFloor: Double = 1e-12
  ) {
    precondition(maxEntries > 0, "GradientCheck needs maxEntries > 0, got \(maxEntries)")
    precondition(stepSizes.allSatisfy { $0 > 0 }, "GradientCheck needs positive step sizes, got \(stepSizes)")
    self.stepSizes = stepSizes
    self.maxEntries = maxEntries
    self.seed = seed
    self.relativeErrorFloor = relativeErrorFloor
  }

  /// Checks the gradient of `f` with respect to every parameter at `parameters`.
  public func run(at parameters: [Tensor], of f: ([Variable]) throws -> Variable) rethrows -> Report {
    let (_, gradients) = try valueWithGradient(at: parameters, of: f)
    let entries = sampledEntries(of: parameters)
    var probe = parameters
    var rows: [Row] = []
    for h in stepSizes {
      var row = Row(h: h, maxAbsError: 0, maxRelError: 0)
      for (parameter, entry) in entries {
        let original = probe[parameter].scalars[entry]
        // Perturbing `probe` in place and restoring it is copy-free: the evaluation's tape is
        // gone by the time the next entry is written.
        let above = original + h
        let below = original - h
        probe[parameter].scalars[entry] = above
        let valueAbove = try value(at: probe, of: f)
        probe[parameter].scalars[entry] = below
        let valueBelow = try value(at: probe, of: f)
        probe[parameter].scalars[entry] = original
        // Dividing by the step actually taken (above − below, which rounding can make differ
        // from 2h) removes one source of round-off.
        let numerical = (valueAbove - valueBelow) / (above - below)
        let analytic = gradients[parameter].scalars[entry]
        // A step below the spacing of doubles at this entry (|W| ≥ 2⁵³·h) leaves it unchanged:
        // no difference can be formed, which counts as an infinite error rather than 0/0 = NaN.
        let resolves = above != below
        let absoluteError = resolves ? abs(analytic - numerical) : .infinity
        let relativeError =
          resolves ? absoluteError / Swift.max(abs(analytic), abs(numerical), relativeErrorFloor) : .infinity
        // Written so that a NaN error propagates into the row instead of being dropped by max.
        if !(absoluteError <= row.maxAbsError) { row.maxAbsError = absoluteError }
        if !(relativeError <= row.maxRelError) { row.maxRelError = relativeError }
      }
      rows.append(row)
    }
    return Report(rows: rows, checkedEntries: entries.count)
  }

  /// Checks the gradient of `f` with respect to one parameter.
  public func run(at parameter: Tensor, of f: (Variable) throws -> Variable) rethrows -> Report {
    try run(at: [parameter]) { try f($0[0]) }
  }

  /// (parameter, flat entry) pairs to check: all of a small parameter, `maxEntries` distinct
  /// entries (a partial Fisher–Yates shuffle, then sorted) of a large one.
  private func sampledEntries(of parameters: [Tensor]) -> [(parameter: Int, entry: Int)] {
    var generator = SplitMix64(seed: seed)
    var entries: [(parameter: Int, entry: Int)] = []
    for (parameter, tensor) in parameters.enumerated() {
      var positions = Array(0..<tensor.count)
      if tensor.count > maxEntries {
        for k in 0..<maxEntries {
          positions.swapAt(k, k + generator.nextInt(below: tensor.count - k))
        }
        positions = positions[0..<maxEntries].sorted()
      }
      entries += positions.map { (parameter, $0) }
    }
    return entries
  }
}
