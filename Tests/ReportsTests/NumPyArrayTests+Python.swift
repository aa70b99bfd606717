import Autodiff
import Foundation
import Reports
import Testing

/// Interoperability with the reference implementation, NumPy itself; skipped (with the note
/// below shown by the test runner) where python3 or numpy is missing.
extension NumPyArrayTests {
  /// The test matrix, computed identically here and in the Python scripts: a[i, j] = (7i + j)/3 − 2.
  /// Division and subtraction are correctly rounded in both languages, so the doubles agree exactly.
  static func formula(rows: Int, columns: Int) -> Tensor {
    Tensor(
      shape: [rows, columns],
      scalars: (0..<rows).flatMap { i in (0..<columns).map { j in Double(7 * i + j) / 3 - 2 } })
  }

  @Test(
    "NumPy writes float64 C and Fortran order, float32, big-endian, formats 2.0 and 3.0; Swift reads them",
    .enabled(if: Python.hasNumPy, "python3 with numpy not found: NumPy interop skipped"))
  func readsWhatNumPyWrites() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let script = """
      import sys, numpy as np
      from numpy.lib import format as fmt
      d = sys.argv[1]
      a = np.array([[(7 * i + j) / 3 - 2 for j in range(5)] for i in range(4)], dtype='<f8')
      np.save(d + '/c64.npy', a)
      np.save(d + '/f64.npy', np.asfortranarray(a))
      np.save(d + '/c32.npy', a.astype('<f4'))
      np.save(d + '/f32.npy', np.asfortranarray(a.astype('<f4')))
      np.save(d + '/big.npy', a.astype('>f8'))
      np.save(d + '/vector.npy', a[1])
      for version in [(2, 0), (3, 0)]:
          with open(d + '/v%d.npy' % version[0], 'wb') as f:
              fmt.write_array(f, a, version=version)
      assert np.load(d + '/f64.npy').flags.f_contiguous
      """
    let result = try Python.run(script, arguments: [directory.url.path])
    try #require(result.status == 0, "python failed: \(result.output)")

    let expected = Self.formula(rows: 4, columns: 5)
    let single = Tensor(shape: [4, 5], scalars: expected.scalars.map { Double(Float($0)) })
    for (name, tensor) in [
      ("c64", expected), ("f64", expected), ("c32", single), ("f32", single), ("big", expected), ("v2", expected),
      ("v3", expected),
    ] {
      #expect(try NumPyArray.read(from: directory.file(name + ".npy"), shape: [4, 5]) == tensor, "\(name).npy")
    }
    #expect(try NumPyArray.read(from: directory.file("vector.npy")) == Tensor(shape: [5], scalars: expected.row(1)))
  }

  @Test(
    "Swift writes; NumPy loads the same values and would have written the same bytes",
    .enabled(if: Python.hasNumPy, "python3 with numpy not found: NumPy interop skipped"))
  func numPyReadsWhatSwiftWrites() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    var matrix = Self.formula(rows: 27, columns: 27)
    matrix[0, 1] = -0.0
    matrix[2, 3] = .nan
    matrix[4, 5] = -.infinity
    try NumPyArray.write(matrix, to: directory.file("matrix.npy"))
    try NumPyArray.write(Tensor(shape: [3], scalars: [0.1, 1e-300, 1e300]), to: directory.file("vector.npy"))

    let script = """
      import io, sys, numpy as np
      d = sys.argv[1]
      m = np.load(d + '/matrix.npy')
      e = np.array([[(7 * i + j) / 3 - 2 for j in range(27)] for i in range(27)])
      e[0, 1] = -0.0; e[2, 3] = np.nan; e[4, 5] = -np.inf
      assert m.dtype == np.dtype('<f8') and m.shape == (27, 27) and m.flags.c_contiguous, (m.dtype, m.shape)
      assert np.array_equal(m, e, equal_nan=True) and np.signbit(m[0, 1]), 'values differ'
      v = np.load(d + '/vector.npy')
      assert v.shape == (3,) and list(v) == [0.1, 1e-300, 1e300], v
      for name, array in [('matrix', e), ('vector', v)]:
          buffer = io.BytesIO(); np.save(buffer, array)
          assert open(d + '/' + name + '.npy', 'rb').read() == buffer.getvalue(), name + ' bytes differ'
      print('ok')
      """
    let result = try Python.run(script, arguments: [directory.url.path])
    #expect(result.status == 0 && result.output == "ok\n", "\(result.output)")
  }
}
