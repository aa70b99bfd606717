import Autodiff
import Foundation
import Reports
import Testing

@Suite("NumPyArray")
struct NumPyArrayTests {
  /// Bit patterns, so NaN compares equal to itself and -0 differs from 0.
  func bits(_ tensor: Tensor) -> [UInt64] { tensor.scalars.map(\.bitPattern) }

  @Test(
    "Swift → file → Swift keeps shape and every bit",
    arguments: [[1], [7], [0], [1, 1], [3, 5], [27, 27], [2, 0], [0, 4]])
  func roundTrip(shape: [Int]) throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    var rng = SplitMix64(seed: 0x5EED + UInt64(shape.reduce(1, *)))
    var scalars = (0..<shape.reduce(1, *)).map { _ in rng.nextNormal() * 1e3 }
    let specials = [-0.0, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1.0 / 3]
    for (index, special) in specials.enumerated() where index < scalars.count {
      scalars[(index * 5) % scalars.count] = special
    }
    let tensor = Tensor(shape: shape, scalars: scalars)
    let url = directory.file("t.npy")

    try NumPyArray.write(tensor, to: url)
    let read = try NumPyArray.read(from: url)
    #expect(read.shape == shape)
    #expect(bits(read) == bits(tensor))
    #expect(try directory.contents() == ["t.npy"])
  }

  @Test("the header is NumPy's: format 1.0, '<f8', C order, data at a multiple of 64")
  func headerLayout() throws {
    let data = NumPyArray.encode(Tensor(rows: [[1, 2, 3], [4, 5, 6]]))
    // The first 128 bytes numpy 2.4 writes for np.save(f, np.arange(6.).reshape(2, 3)): 118 is the
    // header length (0x76), and 21 − len("2") = 20 spaces of growth room precede the alignment padding.
    let dictionary = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"
    let expected: [UInt8] =
      [0x93] + Array("NUMPY".utf8) + [1, 0, 118, 0] + Array(dictionary.utf8)
      + Array(repeating: UInt8(ascii: " "), count: 118 - dictionary.utf8.count - 1) + [UInt8(ascii: "\n")]
    #expect(Array(data.prefix(128)) == expected)
    #expect(data.count == 128 + 6 * 8)
    #expect(Array(data.suffix(8)) == NPYBytes.littleEndian([6.0]))

    let vector = NumPyArray.encode(Tensor(shape: [3], scalars: [1, 2, 3]))
    #expect(
      String(decoding: vector, as: UTF8.self).contains("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"))
    #expect((vector.count - 24) % 64 == 0)
  }

  @Test("reads float64 and float32 in either byte order, C and Fortran order, formats 1.0, 2.0 and 3.0")
  func readsEveryAcceptedLayout() throws {
    let rows: [[Double]] = [[1.5, -2.25, 3], [4, 0.125, -6]]
    let expected = Tensor(rows: rows)
    let columnMajor = [1.5, 4, -2.25, 0.125, 3, -6]
    let cases: [(String, (UInt8, UInt8), [UInt8])] = [
      (
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", (1, 0),
        NPYBytes.littleEndian(rows.flatMap { $0 })
      ),
      ("{'descr': '>f8', 'fortran_order': False, 'shape': (2, 3), }", (1, 0), NPYBytes.bigEndian(rows.flatMap { $0 })),
      (
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", (2, 0),
        NPYBytes.littleEndian32(rows.flatMap { $0 }.map(Float.init))
      ),
      (
        "{'descr': '>f4', 'fortran_order': True, 'shape': (2, 3), }", (3, 0),
        NPYBytes.bigEndian32(columnMajor.map(Float.init))
      ),
      ("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", (1, 0), NPYBytes.littleEndian(columnMajor)),
    ]
    for (dictionary, version, payload) in cases {
      let data = NPYBytes.file(version: version, dictionary: dictionary, payload: payload)
      #expect(try NumPyArray.decode(data) == expected, "\(dictionary) version \(version)")
    }
  }

  @Test(
    "header dicts are parsed robustly: any key order, spacing, quotes, trailing comma or none, Python 2 longs",
    arguments: [
      "{'shape': (2, 3), 'fortran_order': False, 'descr': '<f8'}",
      "{  'fortran_order' :False,'shape':(2,3),'descr':'<f8' ,}   ",
      "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2L, 3L), }",
      "{'descr':'<f8',\t'fortran_order':False,\n'shape':( 2 , 3 , ),}",
    ])
  func headerVariants(dictionary: String) throws {
    let data = NPYBytes.file(dictionary: dictionary, payload: NPYBytes.littleEndian([0, 1, 2, 3, 4, 5]))
    #expect(try NumPyArray.decode(data) == Tensor(rows: [[0, 1, 2], [3, 4, 5]]))
  }

  @Test("a demanded shape and finiteness are enforced only when asked for")
  func callerRequirements() throws {
    let data = NumPyArray.encode(Tensor(rows: [[1, .nan]]))
    #expect(try NumPyArray.decode(data, shape: [1, 2]).shape == [1, 2])
    #expect(try NumPyArray.decode(data).scalars[1].isNaN)
    #expect(throws: NumPyFileError.self) { try NumPyArray.decode(data, shape: [2, 1]) }
    #expect(throws: NumPyFileError.self) { try NumPyArray.decode(data, requireFinite: true) }
  }
}
