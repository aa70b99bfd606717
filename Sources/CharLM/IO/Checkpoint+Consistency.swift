import Optimization

extension ModelCheckpoint {
  /// Why the state cannot be resumed under the configuration, or nil when it can.
  ///
  /// The trainer, optimizers and schedules check these with preconditions, which is right for
  /// values built in code; a checkpoint is data, and a file whose checksum matches may still come
  /// from an editor or another program, so its values are checked before anything runs on them.
  var inconsistency: String? {
    let sizes = state.model.parameters.map(\.count)
    let optimizerFits = state.optimizer.fits(configuration, parameterSizes: sizes)
    let checks = [
      (
        optimizerFits,
        "the optimizer's settings or buffers do not fit \(sizes.reduce(0, +)) weights and the configuration"
      ),
      (scheduleFits, "the learning-rate schedule does not fit the configuration"),
      (
        historyCount == state.step || historyCount == state.step + 1,
        "step \(state.step) does not match its history (\(historyCount) records)"
      ),
      (
        state.step >= 0 && state.step <= configuration.steps,
        "step \(state.step) outside 0…\(configuration.steps) steps"
      ),
      (state.initialLoss?.isFinite ?? true, "the starting loss is not finite"),
      (
        state.epoch >= 0 && state.epochPosition >= 0 && state.epochPosition <= events,
        "epoch \(state.epoch), position \(state.epochPosition) of \(events) events"
      ),
      (events >= 0, "\(events) events"),
    ]
    return checks.first { !$0.0 }?.1
  }

  /// The schedule's settings are those of the configuration, and its state can give every rate.
  private var scheduleFits: Bool {
    let fresh = ScheduleState(configuration: configuration)
    switch (state.schedule, fresh) {
    case (.plateau(let saved), .plateau(let new)):
      // Its rate at a step depends on the losses seen up to it.
      return saved.initialRate == new.initialRate && saved.factor == new.factor && saved.patience == new.patience
        && saved.threshold == new.threshold && saved.minimumRate == new.minimumRate && saved.epsilon == new.epsilon
        && saved.observedSteps >= state.step && saved.reductions.allSatisfy { $0.rate.isFinite && $0.rate > 0 }
    default:
      // The other schedules have no state beyond their settings.
      return state.schedule == fresh
    }
  }
}

extension ModelCheckpoint {
  /// Whether `schedule`, at scheduler step `step`, can give the rates of every step up to `steps`
  /// (the MLP checkpoint's check; the bigram's compares with its configuration's schedule).
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
