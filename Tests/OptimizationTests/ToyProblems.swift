import Autodiff
import Foundation
import Optimization
import Testing

// Toy problems and helpers shared by the optimizer tests. Every gradient and Hessian here is the
// closed form, written out by hand.

/// The Rosenbrock function f(x, y) = (1 − x)² + 100(y − x²)², minimum 0 at (1, 1).
enum Rosenbrock {
  static let start = Tensor(shape: [2], scalars: [-1.5, 2])

  static func gradient(at point: Tensor) -> Tensor {
    let x = point.scalars[0]
    let y = point.scalars[1]
    return Tensor(shape: [2], scalars: [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
  }

  /// Runs `steps` updates of `optimizer` from ``start`` and returns the final point.
  static func minimize(with optimizer: inout some Optimizer, steps: Int) -> Tensor {
    var parameters = [start]
    for _ in 0..<steps {
      optimizer.update(&parameters, along: [gradient(at: parameters[0])])
    }
    return parameters[0]
  }

  /// The Euclidean distance from `point` to the minimizer (1, 1).
  static func distanceToMinimum(_ point: Tensor) -> Double {
    Tensor(shape: [2], scalars: [point.scalars[0] - 1, point.scalars[1] - 1]).norm
  }
}

/// Whether |a − b| ≤ tolerance.
func isClose(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
  abs(a - b) <= tolerance
}

/// The largest |a_i − b_i| over two equally long arrays.
func maximumDifference(_ a: [Double], _ b: [Double]) -> Double {
  precondition(a.count == b.count, "maximumDifference: \(a.count) vs \(b.count) entries")
  return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// Deterministic pseudo-random gradients for `shapes`, one list per step, from a seeded SplitMix64.
func seededGradients(shapes: [[Int]], steps: Int, seed: UInt64) -> [[Tensor]] {
  var rng = SplitMix64(seed: seed)
  return (0..<steps).map { _ in
    shapes.map { shape in
      Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in rng.nextNormal() })
    }
  }
}

/// Checks that encoding `optimizer` to JSON after `prefix` steps, decoding it and continuing gives
/// bit-identical parameters to continuing the original, and that the decoded state equals the original.
func expectResumesBitIdentically<O: Optimizer & Equatable>(_ optimizer: O) throws {
  let shapes = [[2, 3], [4]]
  let gradients = seededGradients(shapes: shapes, steps: 8, seed: 42)
  var rng = SplitMix64(seed: 7)
  var parameters = shapes.map { shape in
    Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in rng.nextNormal() })
  }
  var original = optimizer
  for step in 0..<4 { original.update(&parameters, along: gradients[step]) }

  let data = try JSONEncoder().encode(original)
  var restored = try JSONDecoder().decode(O.self, from: data)
  #expect(restored == original)

  var restoredParameters = parameters
  for step in 4..<8 {
    original.update(&parameters, along: gradients[step])
    restored.update(&restoredParameters, along: gradients[step])
  }
  #expect(restoredParameters == parameters)
  #expect(restored == original)
}
