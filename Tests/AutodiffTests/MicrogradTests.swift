import Autodiff
import Testing

/// micrograd's engine tests (karpathy/micrograd, test/test_engine.py: `test_sanity_check` and
/// `test_more_ops`) built with our operators on rank-0 tensors.
///
/// Reference figures: micrograd's README prints g = 24.7041, dg/da = 138.8338 and
/// dg/db = 645.5773 for `test_more_ops` (its tests check them against PyTorch); the exact
/// values (2421/98, 47620/343, 221433/343, and −20, 46 for the sanity check) come from
/// Utilities/Reference/autodiff_micrograd_expressions.py, which evaluates both expressions in
/// exact rational arithmetic with forward-mode dual numbers.
@Suite struct MicrogradTests {
  @Test func sanityCheck() {
    let (y, dydx) = valueWithGradient(at: Tensor(-4)) { x in
      let z = 2 * x + 2 + x
      let q = relu(z) + z * x
      let h = relu(z * z)
      return h + q + q * x
    }
    #expect(y == -20)
    #expect(dydx == Tensor(46))
  }

  @Test func moreOps() {
    let (g, gradients) = valueWithGradient(at: [Tensor(-4), Tensor(2)]) { p in
      let (a, b) = (p[0], p[1])
      var c = a + b
      var d = a * b + pow(b, 3)
      c = c + (c + 1)
      c = c + (1 + c + -a)
      d = d + (d * 2 + relu(b + a))
      d = d + (3 * d + relu(b - a))
      let e = c - d
      let f = pow(e, 2)
      var g = f / 2
      g = g + 10 / f
      return g
    }
    // micrograd's README figures, to their four decimals.
    #expect(abs(g - 24.7041) < 5e-5)
    #expect(abs(gradients[0].scalar - 138.8338) < 5e-5)
    #expect(abs(gradients[1].scalar - 645.5773) < 5e-5)
    // The exact values.
    #expect(abs(g - 2421.0 / 98) < 1e-12)
    #expect(abs(gradients[0].scalar - 47620.0 / 343) < 1e-11)
    #expect(abs(gradients[1].scalar - 221433.0 / 343) < 1e-11)
  }
}
