import Autodiff
import Foundation

/// A built-in function of one argument that an ``Expression`` may call, with its value, its
/// domain and its derivative side by side.
///
/// `sign` and `heaviside` are the derivatives of `abs` and `relu`; they can be typed too, so every
/// printed derivative parses back. At the kinks we pick the subgradient 0 (as micrograd does for
/// relu): abs′(0) = sign(0) = 0 and relu′(0) = heaviside(0) = 0.
public enum ExpressionFunction: String, CaseIterable, Sendable, Hashable, Codable {
  /// eˣ.
  case exp
  /// The natural logarithm ln x, for x > 0.
  case log
  /// √x, for x ≥ 0.
  case sqrt
  /// tanh x = (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ).
  case tanh
  /// σ(x) = 1/(1 + e⁻ˣ).
  case sigmoid
  /// max(0, x).
  case relu
  /// sin x (radians).
  case sin
  /// cos x (radians).
  case cos
  /// |x|.
  case abs
  /// −1, 0 or 1 as x is negative, zero or positive.
  case sign
  /// 1 for x > 0, else 0 (so heaviside(0) = 0).
  case heaviside

  /// The value f(x).
  public func callAsFunction(_ x: Double) -> Double {
    switch self {
    case .exp: Foundation.exp(x)
    case .log: Foundation.log(x)
    case .sqrt: x.squareRoot()
    // The tape's tanh (within a few ulps of libm), so a formula evaluated and the same formula
    // recorded on the tape give the same bits.
    case .tanh: VectorMath.tanh(SIMD8(repeating: x))[0]
    case .sigmoid: Autodiff.sigmoid(x)
    case .relu: x > 0 ? x : 0
    case .sin: Foundation.sin(x)
    case .cos: Foundation.cos(x)
    case .abs: Swift.abs(x)
    case .sign: x > 0 ? 1 : (x < 0 ? -1 : 0)
    case .heaviside: x > 0 ? 1 : 0
    }
  }

  /// The condition on the argument that `x` breaks, written about the argument's text (`"x - 1 > 0"`),
  /// or nil when f is defined at x.
  func violatedRequirement(at x: Double, argument: String) -> String? {
    switch self {
    case .log: x > 0 ? nil : "\(argument) > 0"
    case .sqrt: x >= 0 ? nil : "\(argument) ≥ 0"
    case .exp, .tanh, .sigmoid, .relu, .sin, .cos, .abs, .sign, .heaviside: nil
    }
  }

  /// The derivative f′(u) as an expression in the argument u.
  func derivative(at u: Expression) -> Expression {
    switch self {
    case .exp: .call(.exp, u)
    case .log: 1 / u
    case .sqrt: 1 / (2 * .call(.sqrt, u))
    case .tanh: 1 - .power(.call(.tanh, u), 2)
    case .sigmoid: .call(.sigmoid, u) * (1 - .call(.sigmoid, u))
    case .relu: .call(.heaviside, u)
    case .sin: .call(.cos, u)
    case .cos: -.call(.sin, u)
    case .abs: .call(.sign, u)
    // Piecewise constant: zero wherever the derivative exists, and 0 is our pick at the jump.
    case .sign, .heaviside: 0
    }
  }
}
