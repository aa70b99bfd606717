/// An optimizer in an ``OptimizerRace``: a name and the training options it runs with.
public struct RaceEntrant: Sendable, Equatable {
  /// The name shown in the results (gd, momentum, nesterov, adam, clipped-gd, newton).
  public let name: String
  /// The update rule and its hyper-parameters (the race sets the target loss and starts at W = 0).
  public var options: TrainingOptions

  /// An entrant named `name` training with `options`.
  public init(name: String, options: TrainingOptions) {
    self.name = name
    self.options = options
  }

  /// The six standard entrants with rates tuned on names.txt with λ = 0.01 from W = 0, each with a
  /// budget of `steps` updates:
  /// - gd: η = 70, just under 2/λ_max(W*) = 74.5, the largest rate that is stable near the optimum;
  /// - momentum and nesterov: μ = 0.9, η = 30 (of 5, 10, 20, 30, 40, 60: 40 is a little faster but
  ///   close to Nesterov's bound 2(1 + μ)/((1 + 2μ)·λ_max) ≈ 51 on the local quadratic, 60 fails);
  /// - adam: η = 1, β₁ = 0.9, β₂ = 0.999 (of 0.03, 0.1, 0.3, 0.5, 1, 2, 3, the fastest to both gaps);
  /// - clipped-gd: η = 70 with the gradient's global norm clipped to 0.02 (‖∇L(0)‖ = 0.074, so the
  ///   first steps are shortened; near the optimum the gradient is small and it is plain GD);
  /// - newton: damping from 0, adapting (Levenberg–Marquardt), with an Armijo line search from t = 1.
  public static func standard(l2: Double, steps: Int) -> [RaceEntrant] {
    func entrant(_ name: String, _ method: TrainingOptions.Method, rate: Double, clipNorm: Double? = nil)
      -> RaceEntrant
    {
      var options = TrainingOptions()
      options.method = method
      options.learningRate = rate
      options.momentum = 0.9
      options.clipNorm = clipNorm
      options.l2 = l2
      options.steps = steps
      return RaceEntrant(name: name, options: options)
    }
    return [
      entrant("gd", .gd, rate: 70), entrant("momentum", .momentum, rate: 30), entrant("nesterov", .nesterov, rate: 30),
      entrant("adam", .adam, rate: 1), entrant("clipped-gd", .gd, rate: 70, clipNorm: 0.02),
      entrant("newton", .newton, rate: 1),
    ]
  }
}
