/// One way of doing a task: how to set it up, the operation to time, and the figure that shows
/// the work done is the same as the peers' (loss after 100 steps, L*, …).
public struct Variant {
  /// The variant's name, e.g. `tape-lookup`.
  public let name: String
  /// What one timed call does.
  public let notes: String
  /// Sets up fresh state (outside timing) and returns the operation to time.
  public let prepare: () throws -> () -> Void
  /// Runs the check and returns its figure (nil where none applies); throws when the work differs.
  public let check: () throws -> Double?
  /// Extra figures reported with the timings (bytes, events, …).
  public let extras: [String: Double]

  /// Creates a variant.
  public init(
    name: String, notes: String, extras: [String: Double] = [:], prepare: @escaping () throws -> () -> Void,
    check: @escaping () throws -> Double? = { nil }
  ) {
    self.name = name
    self.notes = notes
    self.prepare = prepare
    self.check = check
    self.extras = extras
  }
}

/// The work of a variant differs from the reference: the timings must not be compared.
public struct CheckFailure: Error, CustomStringConvertible {
  /// What differed.
  public let description: String

  /// Creates the failure.
  public init(_ description: String) { self.description = description }
}
