import Autodiff
import Foundation
import Optimization
import Testing

@Suite("NewtonMethod")
struct NewtonMethodTests {
  @Test("on a strictly convex quadratic one step lands on A⁻¹b")
  func quadraticInOneStep() throws {
    // f(x) = ½xᵀAx − bᵀx, ∇f = Ax − b, H = A; minimizer x* = (1, −1, 2) by construction.
    let a = Tensor(rows: [[4, 1, 0], [1, 3, 1], [0, 1, 2]])
    let minimizer = [1.0, -1, 2]
    let b = multiply(a, minimizer)
    func f(_ x: Tensor) -> Double {
      let ax = multiply(a, x.scalars)
      var value = 0.0
      for i in 0..<3 { value += (0.5 * ax[i] - b[i]) * x.scalars[i] }
      return value
    }
    let x0 = Tensor(shape: [3], scalars: [10, 5, -7])
    let gradient = Tensor(shape: [3], scalars: zip(multiply(a, x0.scalars), b).map { $0 - $1 })
    let step = try NewtonMethod().step(from: x0, value: f(x0), gradient: gradient, hessianBlocks: [a], loss: f)
    #expect(maximumDifference(step.point.scalars, minimizer) <= 1e-13)
    #expect(step.stepSize == 1)
    #expect(step.evaluations == 1)
    #expect(step.direction.singularBlocks.isEmpty)
  }

  @Test("log-sum-exp + L2 converges quadratically to ‖∇f‖ < 1e-12")
  func logSumExpQuadraticConvergence() throws {
    // f(x) = log Σ eˣ − cᵀx + (μ/2)‖x‖²: ∇f = p − c + μx, H = diag(p) − ppᵀ + μI.
    let c = [0.5, 0.1, 0.3, -0.2, 0.3]
    let mu = 0.1
    func softmax(_ x: [Double]) -> [Double] {
      let m = x.max() ?? 0
      let e = x.map { exp($0 - m) }
      let s = e.reduce(0, +)
      return e.map { $0 / s }
    }
    func f(_ x: Tensor) -> Double {
      let m = x.scalars.max() ?? 0
      let lse = m + log(x.scalars.reduce(0) { $0 + exp($1 - m) })
      var value = lse
      for (ci, xi) in zip(c, x.scalars) { value += (0.5 * mu * xi - ci) * xi }
      return value
    }
    func gradient(_ x: Tensor) -> Tensor {
      let p = softmax(x.scalars)
      return Tensor(shape: [5], scalars: (0..<5).map { p[$0] - c[$0] + mu * x.scalars[$0] })
    }
    func hessian(_ x: Tensor) -> Tensor {
      let p = softmax(x.scalars)
      var h = Tensor(zeros: [5, 5])
      for i in 0..<5 {
        for j in 0..<5 { h[i, j] = (i == j ? p[i] + mu : 0) - p[i] * p[j] }
      }
      return h
    }
    var x = Tensor(shape: [5], scalars: [3, -2, 0, 1, -1])
    var norms: [Double] = []
    for _ in 0..<8 {
      let g = gradient(x)
      norms.append(g.norm)
      if g.norm < 1e-12 { break }
      x = try NewtonMethod().step(from: x, value: f(x), gradient: g, hessianBlocks: [hessian(x)], loss: f).point
    }
    #expect((norms.last ?? 1) < 1e-12)
    // Seven steps from ‖∇f‖ ≈ 0.93 (NumPy with the same line search needs seven as well).
    #expect(norms.count <= 8)
    // Quadratic convergence: once ‖∇f‖ < 0.1, the next norm is at most a constant times its square.
    for (current, next) in zip(norms, norms.dropFirst()) where current < 0.1 && next > 1e-15 {
      #expect(next <= 2 * current * current)
    }
  }

  @Test("bigram-like singular blocks (no L2) converge with δ = 0 through the pseudo-inverse")
  func singularBlocks() throws {
    // f(W) = Σ_i w_i (log Σ_j e^{W_ij} − Σ_j c_ij W_ij), each row a softmax fit to the frequencies c_i;
    // H_i = w_i (diag p_i − p_i p_iᵀ) is singular along 1, and the minimizer has softmax(W_i) = c_i.
    let counts: [[Double]] = [[5, 1, 3, 1], [2, 2, 2, 4], [1, 8, 0.5, 0.5]]
    let total = counts.joined().reduce(0, +)
    let weights = counts.map { $0.reduce(0, +) / total }
    let c = counts.map { row in row.map { $0 / row.reduce(0, +) } }
    func softmax(_ row: ArraySlice<Double>) -> [Double] {
      let m = row.max() ?? 0
      let e = row.map { exp($0 - m) }
      let s = e.reduce(0, +)
      return e.map { $0 / s }
    }
    func f(_ w: Tensor) -> Double {
      var value = 0.0
      for i in 0..<3 {
        let row = w.row(i)
        let m = row.max() ?? 0
        let lse = m + log(row.reduce(0) { $0 + exp($1 - m) })
        var fit = 0.0
        for (cij, wij) in zip(c[i], row) { fit += cij * wij }
        value += weights[i] * (lse - fit)
      }
      return value
    }
    var w = Tensor(zeros: [3, 4])
    var gradientNorm = Double.infinity
    for _ in 0..<10 where gradientNorm >= 1e-12 {
      var g = Tensor(zeros: [3, 4])
      var blocks: [Tensor] = []
      for i in 0..<3 {
        let p = softmax(w.scalars[(4 * i)..<(4 * i + 4)])
        for j in 0..<4 { g[i, j] = weights[i] * (p[j] - c[i][j]) }
        var block = Tensor(zeros: [4, 4])
        for r in 0..<4 {
          for s in 0..<4 { block[r, s] = weights[i] * ((r == s ? p[r] : 0) - p[r] * p[s]) }
        }
        blocks.append(block)
      }
      gradientNorm = g.norm
      guard gradientNorm >= 1e-12 else { break }
      let step = try NewtonMethod().step(from: w, value: f(w), gradient: g, hessianBlocks: blocks, loss: f)
      #expect(step.direction.singularBlocks == [0, 1, 2])
      // The pseudo-inverse keeps each row's step out of the null direction 1.
      for i in 0..<3 {
        #expect(abs(step.direction.direction.row(i).reduce(0, +)) <= 1e-12)
      }
      w = step.point
    }
    #expect(gradientNorm < 1e-12)
    for i in 0..<3 {
      #expect(maximumDifference(softmax(w.scalars[(4 * i)..<(4 * i + 4)]), c[i]) <= 1e-12)
    }
  }

  @Test("damping δ gives d = −g/(h + δ) on diagonal blocks, and the eigenvalue range is reported")
  func damping() {
    let blocks = [Tensor(rows: [[2, 0], [0, 0.5]]), Tensor(rows: [[0, 0], [0, 8]])]
    let gradient = Tensor(rows: [[1, -1], [3, 4]])
    let newton = NewtonMethod(damping: 0.5).direction(gradient: gradient, hessianBlocks: blocks)
    #expect(maximumDifference(newton.direction.scalars, [-1 / 2.5, 1 / 1.0, -3 / 0.5, -4 / 8.5]) <= 1e-15)
    #expect(newton.singularBlocks.isEmpty)
    #expect(newton.smallestEigenvalue == 0)
    #expect(newton.largestEigenvalue == 8)
    // Undamped, the second block is singular and its null direction is dropped.
    let undamped = NewtonMethod().direction(gradient: gradient, hessianBlocks: blocks)
    #expect(undamped.singularBlocks == [1])
    #expect(maximumDifference(undamped.direction.scalars, [-0.5, 2, 0, -0.5]) <= 1e-15)
  }

  @Test("pure Newton on √(1 + x²) overshoots and diverges (x ← −x³); the line search converges")
  func lineSearchRescuesDivergence() throws {
    // f(x) = Σ √(1 + x_i²): ∇f = x/√(1 + x²), H = diag((1 + x²)^(−3/2)), Newton step x ← −x³.
    func f(_ x: Tensor) -> Double { x.scalars.reduce(0) { $0 + (1 + $1 * $1).squareRoot() } }
    func gradient(_ x: Tensor) -> Tensor {
      Tensor(shape: [2], scalars: x.scalars.map { $0 / (1 + $0 * $0).squareRoot() })
    }
    func hessian(_ x: Tensor) -> Tensor {
      let h = x.scalars.map { pow(1 + $0 * $0, -1.5) }
      return Tensor(rows: [[h[0], 0], [0, h[1]]])
    }
    let start = Tensor(shape: [2], scalars: [1.5, -1.2])
    let pure = NewtonMethod(lineSearch: nil)
    var x = start
    for _ in 0..<3 {
      let step = try pure.step(from: x, value: f(x), gradient: gradient(x), hessianBlocks: [hessian(x)], loss: f)
      #expect(maximumDifference(step.point.scalars, x.scalars.map { -$0 * $0 * $0 }) <= 1e-9 * step.point.norm)
      x = step.point
    }
    #expect(x.norm > 1e4)

    x = start
    var steps = 0
    while gradient(x).norm >= 1e-12 && steps < 30 {
      x = try NewtonMethod().step(from: x, value: f(x), gradient: gradient(x), hessianBlocks: [hessian(x)], loss: f)
        .point
      steps += 1
    }
    #expect(gradient(x).norm < 1e-12)
    #expect(steps <= 15)
  }

  @Test("an indefinite Hessian gives an uphill direction that the line search refuses")
  func indefinite() {
    // f(x) = −x² near x = 1: g = −2, H = −2, so d = −g/H = −1 and ⟨g, d⟩ = 2 > 0.
    let x = Tensor(shape: [1], scalars: [1])
    #expect(throws: LineSearchError.notADescentDirection(slope: 2)) {
      try NewtonMethod().step(
        from: x, value: -1, gradient: Tensor(shape: [1], scalars: [-2]), hessianBlocks: [Tensor(rows: [[-2]])]
      ) { -$0.scalars[0] * $0.scalars[0] }
    }
  }
}
