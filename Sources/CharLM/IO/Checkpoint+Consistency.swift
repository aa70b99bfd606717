import Optimization

extension Checkpoint {
  /// Why the options and state cannot be resumed, or nil when they can.
  ///
  /// The trainer, optimizers and schedules check these with preconditions, which is right for
  /// values built in code; a checkpoint is data, and a file whose checksum matches may still come
  /// from an editor or another program, so its values are checked before anything runs on them.
  var inconsistency: String? {
    let size = state.weights.count
    let optimizerFits: Bool
    switch state.optimizer {
    case .sgd(let sgd):
      optimizerFits = sgd.momentumBuffers.count <= 1 && sgd.momentumBuffers.allSatisfy { $0.count == size }
    case .adam(let adam): optimizerFits = Self.fits(adam.state, size: size)
    case .adamW(let adamW): optimizerFits = Self.fits(adamW.state, size: size)
    case .newton(let newton): optimizerFits = Self.isValid(newton)
    }
    let history = state.history.records
    let checks = [
      (optimizerFits, "the optimizer's settings or buffers do not fit \(size) weights"),
      (
        Self.isValid(state.schedule, step: state.step, steps: max(options.steps, state.step)),
        "the learning-rate schedule does not fit the run"
      ),
      (
        history.allSatisfy { [$0.loss, $0.nll, $0.gradNorm, $0.learningRate].allSatisfy(\.isFinite) },
        "the history holds NaN or infinity"
      ),
      (
        options.steps >= 0 && (options.batchSize ?? 1) >= 1,
        "steps \(options.steps), batch size \(options.batchSize ?? 1)"
      ),
      ((options.clipNorm ?? 0) >= 0 && (options.clipValue ?? 0) >= 0, "a negative clipping limit"),
      (state.epoch >= 0 && state.epochPosition >= 0, "epoch \(state.epoch), position \(state.epochPosition)"),
    ]
    return checks.first { !$0.0 }?.1
  }

  /// Adam's moments: none yet, or one m and one v of `size` entries each.
  static func fits(_ adam: AdamState, size: Int) -> Bool {
    adam.step >= 0 && adam.firstMoments.count <= 1 && adam.firstMoments.count == adam.secondMoments.count
      && (adam.firstMoments + adam.secondMoments).allSatisfy { $0.count == size }
  }

  /// The ranges `NewtonMethod` and `BacktrackingLineSearch` require of their settings.
  private static func isValid(_ newton: NewtonMethod) -> Bool {
    let search = newton.lineSearch ?? BacktrackingLineSearch()
    let isFraction = { (x: Double) in x > 0 && x < 1 }
    return newton.damping >= 0 && (newton.relativeTolerance ?? 0) >= 0 && search.initialStep > 0
      && isFraction(search.sufficientDecrease) && isFraction(search.contraction) && search.maximumBacktracks >= 0
  }

  /// Whether `schedule`, at scheduler step `step`, can give the rates of every step up to `steps`.
  static func isValid(_ schedule: ScheduleState, step: Int, steps: Int) -> Bool {
    switch schedule {
    case .constant, .exponential: true
    case .step(let s): s.stepSize > 0
    case .cosine(let s): s.maximumStep > 0
    case .warmupCosine(let s):
      s.warmupSteps >= 1 && s.warmupSteps < s.totalSteps && s.startFactor > 0 && s.startFactor <= 1
    case .oneCycle(let s):
      s.totalSteps >= steps && s.totalSteps > 0 && s.pctStart >= 0 && s.pctStart < 1
        && s.pctStart * Double(s.totalSteps) != 1
    // Its rate at a step depends on the losses seen up to it.
    case .plateau(let s): s.observedSteps >= step && s.patience >= 0
    }
  }
}
