import Foundation
import Reports
import Testing

/// A file the reader must refuse, the reason it must give, and words the message must contain.
struct Refusal: Sendable, CustomTestStringConvertible {
  var name: String
  var data: Data
  var shape: [Int]? = nil
  var requireFinite = false
  var reason: String
  var mentions: [String] = []

  var testDescription: String { name }

  static let sixDoubles = NPYBytes.littleEndian([1, 2, 3, 4, 5, 6])

  static func header(_ dictionary: String, payload: [UInt8] = sixDoubles) -> Data {
    NPYBytes.file(dictionary: dictionary, payload: payload)
  }

  static func descr(_ descr: String) -> Data {
    header("{'descr': \(descr), 'fortran_order': False, 'shape': (2, 3), }")
  }

  static let all: [Refusal] = [
    Refusal(name: "empty file", data: Data(), reason: "badMagic", mentions: ["is empty"]),
    Refusal(
      name: "a zip archive (.npz)", data: Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0]), reason: "badMagic",
      mentions: ["PK\\x03\\x04"]),
    Refusal(name: "text file", data: Data("name,count\nemma,1\n".utf8), reason: "badMagic"),
    Refusal(
      name: "version 4.0", data: NPYBytes.file(version: (4, 0), dictionary: "{}"), reason: "unsupportedVersion",
      mentions: ["4.0"]),
    Refusal(name: "version 1.1", data: NPYBytes.file(version: (1, 1), dictionary: "{}"), reason: "unsupportedVersion"),
    Refusal(name: "magic only", data: Data([0x93] + Array("NUMPY".utf8)), reason: "truncatedHeader"),
    Refusal(
      name: "header length beyond the cap",
      data: NPYBytes.file(version: (2, 0), header: [], payload: [])
        .replacingBytes(at: 8, with: [0x40, 0x42, 0x0F, 0x00]), reason: "headerTooLong", mentions: ["1000000"]),
    Refusal(
      name: "file ends inside the header",
      data: NPYBytes.file(dictionary: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }").prefix(40),
      reason: "truncatedHeader"),
    Refusal(name: "not a dict", data: header("[('descr', '<f8')]"), reason: "malformedHeader"),
    Refusal(
      name: "missing shape", data: header("{'descr': '<f8', 'fortran_order': False}"), reason: "malformedHeader",
      mentions: ["required"]),
    Refusal(
      name: "unknown key", data: header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'x': 1}"),
      reason: "malformedHeader", mentions: ["'x'"]),
    Refusal(
      name: "duplicate key", data: header("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)}"),
      reason: "malformedHeader", mentions: ["twice"]),
    Refusal(
      name: "fortran_order not a bool", data: header("{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 3)}"),
      reason: "malformedHeader", mentions: ["True or False"]),
    Refusal(
      name: "shape as a list", data: header("{'descr': '<f8', 'fortran_order': False, 'shape': [2, 3]}"),
      reason: "malformedHeader", mentions: ["tuple"]),
    Refusal(
      name: "negative extent", data: header("{'descr': '<f8', 'fortran_order': False, 'shape': (-2, -3)}"),
      reason: "malformedHeader", mentions: ["non-negative"]),
    Refusal(
      name: "huge integer",
      data: header("{'descr': '<f8', 'fortran_order': False, 'shape': (1234567890123456789012,)}"),
      reason: "malformedHeader", mentions: ["digits"]),
    Refusal(
      name: "integer beyond Int.max",
      data: header("{'descr': '<f8', 'fortran_order': False, 'shape': (9999999999999999999,)}"),
      reason: "malformedHeader", mentions: ["out of range"]),
    Refusal(name: "unterminated string", data: header("{'descr': '<f8, 'fortran_order"), reason: "malformedHeader"),
    Refusal(
      name: "text after the dict", data: header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)} junk"),
      reason: "malformedHeader", mentions: ["after"]),
    Refusal(
      name: "deep nesting",
      data: header("{'descr': '<f8', 'fortran_order': False, 'shape': " + String(repeating: "(", count: 500) + "}"),
      reason: "malformedHeader", mentions: ["nested"]),
    Refusal(
      name: "invalid UTF-8 in a 3.0 header",
      data: NPYBytes.file(version: (3, 0), header: Array("{'descr': '".utf8) + [0xFF, 0xFE] + Array("'}\n".utf8)),
      reason: "malformedHeader", mentions: ["UTF-8"]),
    Refusal(name: "int64", data: descr("'<i8'"), reason: "unsupportedDType", mentions: ["'<i8'", "astype('<f8')"]),
    Refusal(name: "complex128", data: descr("'<c16'"), reason: "unsupportedDType"),
    Refusal(name: "object", data: descr("'|O'"), reason: "unsupportedDType"),
    Refusal(name: "float16", data: descr("'<f2'"), reason: "unsupportedDType"),
    Refusal(name: "bool", data: descr("'|b1'"), reason: "unsupportedDType"),
    Refusal(
      name: "structured", data: descr("[('loss', '<f8')]"), reason: "unsupportedDType", mentions: ["[('loss', '<f8')]"]),
    Refusal(
      name: "rank 0",
      data: header("{'descr': '<f8', 'fortran_order': False, 'shape': ()}", payload: NPYBytes.littleEndian([1])),
      reason: "unsupportedRank"),
    Refusal(
      name: "rank 3", data: header("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2, 3)}"),
      reason: "unsupportedRank",
      mentions: ["[1, 2, 3]"]),
    Refusal(
      name: "2^40 elements declared in a tiny file",
      data: header("{'descr': '<f8', 'fortran_order': False, 'shape': (1048576, 1048576)}"), reason: "tooManyElements"),
    Refusal(
      name: "extents whose product overflows Int",
      data: header("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4)}"),
      reason: "tooManyElements"),
    Refusal(
      name: "data cut short", data: header("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3)}"),
      reason: "truncatedData", mentions: ["72", "48"]),
    Refusal(
      name: "float32 data cut short",
      data: header("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}", payload: Array(sixDoubles.prefix(23))),
      reason: "truncatedData", mentions: ["24", "23"]),
    Refusal(
      name: "trailing bytes",
      data: header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)}", payload: sixDoubles + [0, 0, 0]),
      reason: "trailingBytes", mentions: ["3 unexpected bytes"]),
    Refusal(
      name: "wrong shape for the caller", data: header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)}"),
      shape: [27, 27], reason: "shapeMismatch", mentions: ["[2, 3]", "[27, 27]"]),
    Refusal(
      name: "NaN where finite values are required",
      data: header(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)}",
        payload: NPYBytes.littleEndian([1, 2, 3, 4, 5, .nan])),
      requireFinite: true, reason: "nonFinite", mentions: ["nan", "[1, 2]"]),
    Refusal(
      name: "infinity in a Fortran-order float32 matrix",
      data: header(
        "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3)}",
        payload: NPYBytes.littleEndian32([1, .infinity, 3, 4, 5, 6])),
      requireFinite: true, reason: "nonFinite", mentions: ["inf", "[1, 0]"]),
  ]
}

extension Data {
  /// A copy with `bytes` written over the bytes starting at `offset`.
  func replacingBytes(at offset: Int, with bytes: [UInt8]) -> Data {
    var copy = self
    copy.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
    return copy
  }
}

extension NumPyArrayTests {
  @Test("refuses bad files with an error naming the file, what was found and what to do", arguments: Refusal.all)
  func refuses(_ refusal: Refusal) throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let url = directory.file("bad.npy")
    try refusal.data.write(to: url)

    let error = try #require(throws: NumPyFileError.self) {
      try NumPyArray.read(from: url, shape: refusal.shape, requireFinite: refusal.requireFinite)
    }
    #expect(String(describing: error.reason).hasPrefix(refusal.reason + "("), "\(error)")
    #expect(error.path == url.path)
    #expect(error.description.hasPrefix(url.path + ": "))
    // Every message ends with advice after a dash.
    #expect(error.description.contains(" — "))
    for word in refusal.mentions {
      #expect(error.description.contains(word), "\(error.description) should mention \(word)")
    }
  }

  @Test("a missing file is reported as unreadable, naming it")
  func missingFile() throws {
    let path = "/nonexistent-\(UUID().uuidString)/w.npy"
    let error = try #require(throws: NumPyFileError.self) { try NumPyArray.read(from: URL(fileURLWithPath: path)) }
    #expect(String(describing: error.reason).hasPrefix("unreadable("))
    #expect(error.description.hasPrefix(path))
  }
}
