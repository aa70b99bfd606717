/// `.npy` files byte by byte, written from the format's definition (numpy.lib.format), so tests can
/// make valid files without NumPy and damaged ones NumPy would never write.
public enum NumPyBytes {
  /// The magic `\x93NUMPY`, the version, the header length (uint16 little-endian in 1.0, uint32 in
  /// 2.0 and 3.0; `lengthField` overrides the true length), the header text, then `data`.
  public static func file(_ header: String, version: UInt8 = 1, lengthField: UInt32? = nil, data: [UInt8] = [])
    -> [UInt8]
  {
    let text = Array(header.utf8)
    let length = lengthField ?? UInt32(text.count)
    let lengthBytes = (0..<(version == 1 ? 2 : 4)).map { UInt8(length >> (8 * $0) & 0xFF) }
    return [0x93] + Array("NUMPY".utf8) + [version, 0] + lengthBytes + text + data
  }

  /// The header dict of a C-ordered array, e.g. `{'descr': '<f8', 'fortran_order': False, 'shape': (27, 27), }`.
  public static func header(_ descr: String = "<f8", shape: String) -> String {
    "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }\n"
  }

  /// `values` as little-endian float64.
  public static func float64(_ values: [Double]) -> [UInt8] {
    values.flatMap { value in (0..<8).map { UInt8(value.bitPattern >> (8 * UInt64($0)) & 0xFF) } }
  }

  /// A V×V float64 matrix file holding `values` in row-major order.
  public static func matrix(_ values: [Double], size: Int) -> [UInt8] {
    precondition(values.count == size * size, "\(values.count) values for a \(size)×\(size) matrix")
    return file(header(shape: "(\(size), \(size))"), data: float64(values))
  }
}
