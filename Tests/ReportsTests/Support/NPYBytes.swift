import Foundation

/// `.npy` files assembled byte by byte from the format specification
/// (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html), independently of
/// `NumPyArray`'s writer, so tests can hand the reader anything, valid or not.
enum NPYBytes {
  /// Magic, version, little-endian header length (2 bytes for 1.0, else 4), header, payload.
  static func file(version: (UInt8, UInt8) = (1, 0), header: [UInt8], payload: [UInt8] = []) -> Data {
    let length = header.count
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version.0, version.1]
    let lengthBytes = version.0 == 1 ? 2 : 4
    bytes += (0..<lengthBytes).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
    return Data(bytes + header + payload)
  }

  /// A file whose header is `dictionary` followed by a newline.
  static func file(version: (UInt8, UInt8) = (1, 0), dictionary: String, payload: [UInt8] = []) -> Data {
    file(version: version, header: Array((dictionary + "\n").utf8), payload: payload)
  }

  static func littleEndian(_ values: [Double]) -> [UInt8] {
    values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
  }

  static func bigEndian(_ values: [Double]) -> [UInt8] {
    values.flatMap { withUnsafeBytes(of: $0.bitPattern.bigEndian, Array.init) }
  }

  static func littleEndian32(_ values: [Float]) -> [UInt8] {
    values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
  }

  static func bigEndian32(_ values: [Float]) -> [UInt8] {
    values.flatMap { withUnsafeBytes(of: $0.bitPattern.bigEndian, Array.init) }
  }
}
