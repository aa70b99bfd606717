import CKernels
import Foundation

/// The three dense loops of a linear layer, in two implementations that give the same numbers:
/// the C kernels of `CKernels` (compiled for AVX-512, AVX2 and baseline x86-64, picked at run
/// time) and a portable Swift twin with the same loop order, kept as the reference the C side is
/// tested against and as the path any other platform can take.
///
/// The implementations differ only where the AVX-512 clone fuses a multiply and an add (one
/// rounding instead of two), a relative difference of a few ulps per product.
package enum DenseKernels {
  /// Which code runs the loops.
  package enum Implementation: Sendable, CaseIterable {
    /// The C kernels with run-time dispatch.
    case native
    /// Plain Swift loops.
    case portable
  }

  /// The implementation the tape uses: the C kernels, unless the environment variable
  /// `BIGRAM_KERNELS=portable` asks for the Swift loops (to compare or to debug).
  package static let preferred: Implementation =
    ProcessInfo.processInfo.environment["BIGRAM_KERNELS"] == "portable" ? .portable : .native

  /// Which clone of the C kernels this CPU runs: "avx512f", "avx2" or "baseline".
  package static var dispatchedClone: String {
    switch ck_dispatch_level() {
    case 1: "avx512f"
    case 2: "avx2"
    default: "baseline"
    }
  }

  /// C[m,n] = A[m,k]·B[k,n] + bias[n] (bias optional): Cᵢⱼ = biasⱼ + Σₚ Aᵢₚ Bₚⱼ, p in order.
  package static func linearForward(
    _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, bias: UnsafePointer<Double>?,
    into c: UnsafeMutablePointer<Double>, m: Int, k: Int, n: Int, using implementation: Implementation = preferred
  ) {
    switch implementation {
    case .native: ck_linear_forward(a, b, bias, c, m, k, n)
    case .portable:
      for i in 0..<m {
        let row = c + i &* n
        if let bias { row.update(from: bias, count: n) } else { row.update(repeating: 0, count: n) }
        for p in 0..<k {
          let aip = a[i &* k &+ p]
          let brow = b + p &* n
          for j in 0..<n { row[j] += aip * brow[j] }
        }
      }
    }
  }

  /// ∂B[k,n] += Aᵀ·G for A [m,k], G [m,n]: row p of ∂B gains Aᵢₚ·(row i of G), i in order.
  package static func accumulateTransposedProduct(
    _ a: UnsafePointer<Double>, _ g: UnsafePointer<Double>, into gb: UnsafeMutablePointer<Double>,
    m: Int, k: Int, n: Int, using implementation: Implementation = preferred
  ) {
    switch implementation {
    case .native: ck_matmul_tn_accumulate(a, g, gb, m, k, n)
    case .portable:
      for i in 0..<m {
        let grow = g + i &* n
        for p in 0..<k {
          let aip = a[i &* k &+ p]
          let row = gb + p &* n
          for j in 0..<n { row[j] += aip * grow[j] }
        }
      }
    }
  }

  /// ∂A[m,k] += G[m,n]·Bᵀ for B [k,n]: ∂Aᵢₚ gains Σⱼ Gᵢⱼ Bₚⱼ, j in order.
  package static func accumulateProductWithTranspose(
    _ g: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into ga: UnsafeMutablePointer<Double>,
    m: Int, k: Int, n: Int, using implementation: Implementation = preferred
  ) {
    switch implementation {
    case .native: ck_matmul_nt_accumulate(g, b, ga, m, k, n)
    case .portable:
      for i in 0..<m {
        let row = ga + i &* k
        for j in 0..<n {
          let gij = g[i &* n &+ j]
          for p in 0..<k { row[p] += gij * b[p &* n &+ j] }
        }
      }
    }
  }

  /// x ← tanh x element-wise; both implementations give the same bits (`VectorMath.tanh`).
  package static func tanh(_ x: UnsafeMutableBufferPointer<Double>, using implementation: Implementation = preferred) {
    switch implementation {
    case .native: if let base = x.baseAddress { ck_tanh(base, x.count) }
    case .portable: VectorMath.tanh(x)
    }
  }

  /// Whether every scalar is finite (neither ±∞ nor NaN); both implementations agree exactly.
  package static func allFinite(_ x: UnsafeBufferPointer<Double>, using implementation: Implementation = preferred)
    -> Bool
  {
    switch implementation {
    case .native: x.baseAddress.map { ck_all_finite($0, x.count) != 0 } ?? true
    case .portable: x.allSatisfy(\.isFinite)
    }
  }
}
