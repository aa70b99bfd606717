import Autodiff
import CharLM
import Foundation

/// Reads and writes NumPy `.npy` files holding a vector or a matrix of floats as a `Tensor`.
///
/// Writing produces exactly what `numpy.save` produces for a C-ordered float64 array: format 1.0,
/// descr `'<f8'`, the data aligned to 64 bytes. Reading accepts formats 1.0, 2.0 and 3.0,
/// float64 and float32 in either byte order, C or Fortran order, rank 1 or 2, and refuses
/// anything else with a ``NumPyFileError``.
public enum NumPyArray {
  /// The longest header accepted, in bytes (NumPy's own default limit for `numpy.load`).
  public static let maximumHeaderLength = 10_000
  /// The most elements accepted, 2²⁸ (2 GiB of float64), checked before anything is allocated.
  public static let maximumElementCount = 1 << 28

  /// The `.npy` bytes of `tensor`: a format-1.0 header for `'<f8'`, C order, then its scalars.
  ///
  /// - Precondition: `tensor.rank` is 1 or 2.
  public static func encode(_ tensor: Tensor) -> Data {
    precondition((1...2).contains(tensor.rank), "NumPyArray writes vectors and matrices, shape is \(tensor.shape)")
    let header = NumPyHeader(scalarType: .float64, isBigEndian: false, isFortranOrder: false, shape: tensor.shape)
    var data = Data(header.encoded)
    data.reserveCapacity(data.count + 8 * tensor.count)
    for scalar in tensor.scalars {
      withUnsafeBytes(of: scalar.bitPattern.littleEndian) { data.append(contentsOf: $0) }
    }
    return data
  }

  /// Writes `tensor` to `url` as a `.npy` file, atomically (see `AtomicFile`).
  ///
  /// - Precondition: `tensor.rank` is 1 or 2.
  public static func write(_ tensor: Tensor, to url: URL) throws {
    try AtomicFile.write(encode(tensor), to: url)
  }

  /// Reads the `.npy` file at `url`; `shape`, when given, must match exactly, and
  /// `requireFinite` refuses NaN and infinities.
  public static func read(from url: URL, shape: [Int]? = nil, requireFinite: Bool = false) throws -> Tensor {
    let path = url.path
    let handle: FileHandle
    let size: UInt64
    do {
      handle = try FileHandle(forReadingFrom: url)
      size = try handle.seekToEnd()
    } catch {
      throw NumPyFileError(path: path, reason: .unreadable(error.localizedDescription))
    }
    defer { try? handle.close() }
    return try decode(byteCount: Int(clamping: size), path: path, shape: shape, requireFinite: requireFinite) { range in
      do {
        try handle.seek(toOffset: UInt64(range.lowerBound))
        return try handle.read(upToCount: range.count) ?? Data()
      } catch {
        throw NumPyFileError(path: path, reason: .unreadable(error.localizedDescription))
      }
    }
  }

  /// Decodes `.npy` bytes held in memory; `path` names their source in errors.
  public static func decode(
    _ data: Data, path: String = "<memory>", shape: [Int]? = nil, requireFinite: Bool = false
  ) throws -> Tensor {
    try decode(byteCount: data.count, path: path, shape: shape, requireFinite: requireFinite) { range in
      data.subdata(in: (data.startIndex + range.lowerBound)..<(data.startIndex + range.upperBound))
    }
  }

  /// Decodes a source of `byteCount` bytes read piecewise by `bytes`, validating the header, the
  /// element count and the size before the data is read, so a hostile header allocates nothing.
  private static func decode(
    byteCount: Int, path: String, shape expectedShape: [Int]?, requireFinite: Bool,
    bytes: (Range<Int>) throws -> Data
  ) throws -> Tensor {
    func refuse(_ reason: NumPyFileError.Reason) -> NumPyFileError {
      NumPyFileError(path: path, reason: reason)
    }
    func read(_ range: Range<Int>) throws -> [UInt8] {
      let data = try bytes(range)
      guard data.count == range.count else { throw refuse(.truncatedHeader(fileSize: byteCount)) }
      return [UInt8](data)
    }

    let magic = try [UInt8](bytes(0..<min(byteCount, NumPyHeader.magic.count)))
    guard magic == NumPyHeader.magic else { throw refuse(.badMagic(found: escaped(magic))) }
    guard byteCount >= 8 else { throw refuse(.truncatedHeader(fileSize: byteCount)) }
    let version = try read(6..<8)
    let lengthFieldSize: Int
    switch (version[0], version[1]) {
    case (1, 0): lengthFieldSize = 2
    case (2, 0), (3, 0): lengthFieldSize = 4
    default: throw refuse(.unsupportedVersion(major: version[0], minor: version[1]))
    }
    guard byteCount >= 8 + lengthFieldSize else { throw refuse(.truncatedHeader(fileSize: byteCount)) }
    let headerLength = try read(8..<(8 + lengthFieldSize)).reversed().reduce(0) { $0 << 8 | Int($1) }
    guard headerLength <= maximumHeaderLength else { throw refuse(.headerTooLong(headerLength)) }
    let dataOffset = 8 + lengthFieldSize + headerLength
    guard byteCount >= dataOffset else { throw refuse(.truncatedHeader(fileSize: byteCount)) }
    let headerBytes = try read((8 + lengthFieldSize)..<dataOffset)
    // Formats 1.0 and 2.0 are Latin-1, in which every byte is the code point of the same value.
    let headerText =
      version[0] == 3
      ? String(bytes: headerBytes, encoding: .utf8)
      : String(String.UnicodeScalarView(headerBytes.map { Unicode.Scalar($0) }))
    guard let headerText else { throw refuse(.malformedHeader("the format 3.0 header is not valid UTF-8")) }

    let header = try NumPyHeader(dictionary: headerText, path: path)
    guard (1...2).contains(header.shape.count) else { throw refuse(.unsupportedRank(shape: header.shape)) }
    var count = 1
    for extent in header.shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: extent)
      guard !overflow, product <= maximumElementCount else { throw refuse(.tooManyElements(shape: header.shape)) }
      count = product
    }
    if let expectedShape, expectedShape != header.shape {
      throw refuse(.shapeMismatch(expected: expectedShape, found: header.shape))
    }
    let dataLength = count * header.scalarType.byteCount
    let available = byteCount - dataOffset
    guard available >= dataLength else {
      throw refuse(.truncatedData(expectedBytes: dataLength, foundBytes: available))
    }
    guard available == dataLength else { throw refuse(.trailingBytes(count: available - dataLength)) }

    let payload = try bytes(dataOffset..<(dataOffset + dataLength))
    guard payload.count == dataLength else {
      throw refuse(.truncatedData(expectedBytes: dataLength, foundBytes: payload.count))
    }
    let tensor = Tensor(shape: header.shape, scalars: scalars(of: payload, header: header, count: count))
    if requireFinite, let index = tensor.scalars.firstIndex(where: { !$0.isFinite }) {
      let position = tensor.rank == 2 ? [index / tensor.shape[1], index % tensor.shape[1]] : [index]
      throw refuse(.nonFinite(index: position, value: tensor.scalars[index]))
    }
    return tensor
  }

  /// Converts raw scalars to row-major doubles, swapping bytes and transposing Fortran order.
  private static func scalars(of payload: Data, header: NumPyHeader, count: Int) -> [Double] {
    let stored: [Double] = payload.withUnsafeBytes { raw in
      (0..<count).map { i in
        switch header.scalarType {
        case .float64:
          let bits = raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)
          return Double(bitPattern: header.isBigEndian ? UInt64(bigEndian: bits) : UInt64(littleEndian: bits))
        case .float32:
          let bits = raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)
          return Double(Float(bitPattern: header.isBigEndian ? UInt32(bigEndian: bits) : UInt32(littleEndian: bits)))
        }
      }
    }
    guard header.isFortranOrder, header.shape.count == 2 else { return stored }
    // Fortran order stores column by column: entry (i, j) of an R×C matrix sits at j·R + i.
    let (rows, columns) = (header.shape[0], header.shape[1])
    return (0..<count).map { k in stored[(k % columns) * rows + k / columns] }
  }

  /// Bytes as printable text for an error message, e.g. `PK\x03\x04`.
  private static func escaped(_ bytes: [UInt8]) -> String {
    bytes.map { (32..<127).contains($0) ? String(UnicodeScalar($0)) : String(format: "\\x%02x", $0) }.joined()
  }
}
