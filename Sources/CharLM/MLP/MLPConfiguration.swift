/// The shape of a Bengio et al. (2003) character MLP, as makemore parts 2–5 build it: the last
/// `context` symbols (padded with the boundary `.`) → embeddings C [V, d] → hidden layers
/// (Linear → optional BatchNorm → tanh) → Linear to V logits.
///
/// Flat (the default): the window's d-vectors are concatenated, [B, context·d], and go through
/// `layers` hidden layers of width H. Hierarchical (makemore part 5, WaveNet-like): log₂(context)
/// levels each merge two consecutive positions (FlattenConsecutive(2)) before their Linear, so the
/// context must be a power of two. Direct connections add U·x (x the concatenated embeddings) to
/// the logits: y = b + U·x + W·tanh(…), Bengio's "direct" architecture.
public struct MLPConfiguration: Sendable, Equatable, Codable {
  /// The number of previous symbols the model sees (N − 1 for an N-gram).
  public var context = 3
  /// The embedding width d of each symbol.
  public var embedding = 10
  /// The width H of each hidden layer.
  public var hidden = 200
  /// The number of hidden layers of the flat model (the hierarchical one has log₂ context).
  public var layers = 1
  /// BatchNorm after each hidden Linear (then that Linear has no bias).
  public var batchNorm = true
  /// The merging tree of makemore part 5 instead of one concatenation.
  public var hierarchical = false
  /// Direct connections from the embeddings to the logits.
  public var direct = false
  /// BatchNorm's ε in 1/√(v + ε).
  public var epsilon = 1e-5
  /// BatchNorm's running-average momentum: r ← (1 − m)·r + m·batch statistic.
  public var momentum = 0.001

  /// The lecture's part 3 model: context 3, d = 10, H = 200, one layer with BatchNorm.
  public init() {}

  /// The number of hidden layers actually built.
  public var hiddenLayerCount: Int { hierarchical ? context.trailingZeroBitCount : layers }

  /// Why this configuration cannot be built, or nil when it can.
  public var problem: String? {
    if context < 1 { return "the context must be at least 1 symbol; got \(context)" }
    if context > 64 { return "the context must be at most 64 symbols; got \(context)" }
    if embedding < 1 || embedding > 4_096 { return "the embedding width must be between 1 and 4096; got \(embedding)" }
    if hidden < 1 || hidden > 16_384 { return "the hidden width must be between 1 and 16384; got \(hidden)" }
    if layers < 1 || layers > 16 { return "the number of hidden layers must be between 1 and 16; got \(layers)" }
    if hierarchical {
      if context < 2 || context & (context - 1) != 0 {
        return "the hierarchical model merges pairs of positions, so the context must be a power of 2 (2, 4, 8, …); "
          + "got \(context)"
      }
    }
    if !(epsilon > 0) || !(momentum > 0 && momentum <= 1) { return "BatchNorm needs ε > 0 and momentum in (0, 1]" }
    return nil
  }
}
