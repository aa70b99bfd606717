import Autodiff
import Optimization

/// A model the ``ModelTrainer`` can fit: its trainable parameters as tensors, always in the same
/// order and shapes. Anything else the model holds (a vocabulary, BatchNorm running statistics) is
/// carried along, saved in checkpoints, and never touched by the optimizer.
public protocol TrainableModel: Sendable, Equatable, Codable {
  /// The tensors the optimizer updates (the bigram: [W], V×V; an MLP: [C, W1, b1, γ, β, W2, b2]).
  var parameters: [Tensor] { get set }
}

/// What a training objective reports at a point: the loss, its NLL part, and ∂L/∂θ for every
/// parameter tensor, in the order of ``TrainableModel/parameters``.
public struct ObjectiveEvaluation: Sendable, Equatable {
  /// L = NLL + penalty.
  public var loss: Double
  /// The mean negative log-likelihood part of the loss.
  public var nll: Double
  /// ∂L/∂θ, one tensor per parameter tensor, same shapes.
  public var gradients: [Tensor]

  /// Creates an evaluation.
  public init(loss: Double, nll: Double, gradients: [Tensor]) {
    self.loss = loss
    self.nll = nll
    self.gradients = gradients
  }

  /// The global norm ‖∇L‖ = √(Σ over all tensors of Σ g²).
  public var gradientNorm: Double {
    gradients.reduce(0) { $0 + $1.scalars.reduce(0) { $0 + $1 * $1 } }.squareRoot()
  }
}

/// A model's loss on its training data, as the ``ModelTrainer`` needs it.
///
/// The trainer owns the run: the parameters' updates, the optimizer and schedule, the mini-batch
/// order (it shuffles the example indices 0..<``exampleCount`` with the run's seed, so a checkpoint
/// resumes the exact order), the history, divergence checks and checkpoints. The objective owns
/// the data and the mathematics:
///
/// - ``evaluate(_:)``: loss, NLL and gradients on the whole training set in *evaluation mode*
///   (an MLP uses its BatchNorm running statistics here and changes nothing); the history's figure.
/// - ``evaluate(_:examples:)``: the same on a mini-batch in *training mode*; it may update state
///   the optimizer does not train (BatchNorm running mean and variance, updated as
///   `running ← (1 − m)·running + m·batch`), which is why the model is `inout`.
/// - ``loss(of:)``: the full-batch loss alone (line searches).
/// - ``hessianBlocks(of:)``: for Newton's method, the Hessian of a one-tensor model as square
///   blocks along its rows, or nil when the model has none (the trainer then refuses Newton).
///
/// The softmax bigram (``BigramTrainingObjective``: examples are bigram events, parameters [W])
/// is the first conformer; an MLP conforms with examples = context windows and parameters
/// [C, W1, b1, γ, β, W2, b2].
public protocol TrainingObjective: Sendable {
  /// The model this objective scores.
  associatedtype Model: TrainableModel

  /// The number of training examples mini-batches are drawn from.
  var exampleCount: Int { get }
  /// Loss, NLL and gradients on the whole training set, evaluation mode.
  func evaluate(_ model: Model) -> ObjectiveEvaluation
  /// Loss, NLL and gradients on the examples at `examples` (indices into 0..<exampleCount),
  /// training mode: state that is not a parameter may change.
  func evaluate(_ model: inout Model, examples: ArraySlice<Int>) -> ObjectiveEvaluation
  /// The full-batch loss alone.
  func loss(of model: Model) -> Double
  /// The Hessian as square blocks along the rows of the model's only parameter tensor, or nil.
  func hessianBlocks(of model: Model) -> [Tensor]?
  /// The same blocks in the diagonal-plus-rank-one form a(diag p − p pᵀ) + cI of a softmax, which
  /// Newton's method solves in O(n) a block, or nil (then ``hessianBlocks(of:)`` is used).
  func softmaxHessianBlocks(of model: Model) -> [SoftmaxHessianBlock]?
}

extension TrainingObjective {
  /// The loss from a full evaluation.
  public func loss(of model: Model) -> Double { evaluate(model).loss }
  /// No Hessian: Newton's method is refused.
  public func hessianBlocks(of model: Model) -> [Tensor]? { nil }
  /// No structured Hessian: the dense blocks (if any) are used.
  public func softmaxHessianBlocks(of model: Model) -> [SoftmaxHessianBlock]? { nil }
}
