import Autodiff

/// Rescales `gradients` so their global L2 norm ‖g‖ = √(Σ_tensors Σ g²) is at most about `maxNorm`,
/// as `torch.nn.utils.clip_grad_norm_`: when c = maxNorm / (‖g‖ + 1e-6) < 1 every gradient is
/// multiplied by c; returns ‖g‖ measured before clipping.
///
/// With a NaN or ∞ entry the result is NaN or ∞ and the gradients are left untouched, so the caller
/// sees it and can stop (PyTorch would instead turn every entry into NaN or 0).
/// Gradient clipping: Pascanu, Mikolov and Bengio, "On the difficulty of training recurrent neural
/// networks" (ICML 2013).
///
/// - Precondition: `maxNorm ≥ 0`.
@discardableResult
public func clipGradientNorm(_ gradients: inout [Tensor], maxNorm: Double) -> Double {
  precondition(maxNorm >= 0, "clipGradientNorm: maxNorm \(maxNorm) must be ≥ 0")
  // Checked up front because a scaled norm can hide a NaN (NaN drops out of a running max).
  guard gradients.allSatisfy(\.isFinite) else {
    return gradients.contains { $0.scalars.contains(where: \.isNaN) } ? .nan : .infinity
  }
  // The norm of the per-tensor norms, as PyTorch computes it; Tensor.norm scales against overflow.
  let norm = Tensor(shape: [gradients.count], scalars: gradients.map(\.norm)).norm
  let factor = maxNorm / (norm + 1e-6)
  if factor < 1 {
    for i in gradients.indices {
      for j in gradients[i].scalars.indices { gradients[i].scalars[j] *= factor }
    }
  }
  return norm
}

/// Clamps every gradient entry to [−limit, limit], as `torch.nn.utils.clip_grad_value_`; NaN stays NaN.
///
/// - Precondition: `limit ≥ 0`.
public func clipGradientValues(_ gradients: inout [Tensor], limit: Double) {
  precondition(limit >= 0, "clipGradientValues: limit \(limit) must be ≥ 0")
  for i in gradients.indices {
    for j in gradients[i].scalars.indices {
      let g = gradients[i].scalars[j]
      // Comparisons with NaN are false, so a NaN entry falls through unchanged.
      if g > limit {
        gradients[i].scalars[j] = limit
      } else if g < -limit {
        gradients[i].scalars[j] = -limit
      }
    }
  }
}
