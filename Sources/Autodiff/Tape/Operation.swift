/// What produced a node on the tape: the op kind, the indices of its input nodes, and whatever
/// its backward needs saved.
///
/// Backward dispatches with one `switch` over this enum (see `Tape.propagate(from:)`), never
/// through dictionaries or existential boxes, so the hot path stays direct calls on plain data.
/// Each case's forward and backward live side by side in `Operations/`.
enum Operation {
  /// A parameter or a constant: nothing to propagate. Also recorded for any op none of whose
  /// inputs needs a gradient, so such ops keep nothing for backward.
  case leaf
  /// lhs + rhs (Arithmetic.swift).
  case add(Int, Int, Broadcast)
  /// lhs − rhs (Arithmetic.swift).
  case subtract(Int, Int, Broadcast)
  /// lhs · rhs (Arithmetic.swift).
  case multiply(Int, Int, Broadcast)
  /// lhs / rhs (Arithmetic.swift).
  case divide(Int, Int, Broadcast)
  /// scale · x + offset (Affine.swift).
  case affine(Int, scale: Double)
  /// lhs · rhs as matrices (Matmul.swift).
  case matmul(Int, Int)
  /// x·W + b, a linear layer (Linear.swift).
  case linear(Int, weight: Int, bias: Int?)
  /// Batch normalization in training mode, with x̂ and 1/√(v + ε) saved (BatchNorm.swift).
  case batchNorm(Int, gain: Int, bias: Int, normalized: [Double], inverseDeviation: [Double])
  /// The same scalars read with another shape (Reshape.swift).
  case reshape(Int)
  /// eˣ (Pointwise.swift).
  case exp(Int)
  /// ln x (Pointwise.swift).
  case log(Int)
  /// tanh x (Pointwise.swift).
  case tanh(Int)
  /// max(0, x) (Pointwise.swift).
  case relu(Int)
  /// xᵖ for a constant p (Pointwise.swift).
  case pow(Int, exponent: Double)
  /// sin x (Trigonometric.swift).
  case sin(Int)
  /// cos x (Trigonometric.swift).
  case cos(Int)
  /// √x (SquareRoot.swift).
  case sqrt(Int)
  /// |x| (AbsoluteValue.swift).
  case abs(Int)
  /// σ(x) = 1/(1 + e⁻ˣ) (Sigmoid.swift).
  case sigmoid(Int)
  /// A sum over the axes along which `Broadcast.rhs` repeats (Reductions.swift).
  case sum(Int, Broadcast)
  /// A maximum along an axis; `argmax` holds the flat input index of each output (Reductions.swift).
  case max(Int, argmax: [Int])
  /// Rows of a table picked by index (Indexing.swift).
  case gatherRows(Int, indices: [Int])
  /// One entry per row picked by index (Indexing.swift).
  case pick(Int, indices: [Int])
  /// Mean NLL of softmax rows, with e = exp(x − row max) and each row's 1/Σe saved, so that
  /// P̂ᵢⱼ = eᵢⱼ·reciprocalᵢ (SoftmaxCrossEntropy.swift).
  case softmaxCrossEntropy(Int, targets: [Int], exponentials: [Double], reciprocals: [Double])
}
