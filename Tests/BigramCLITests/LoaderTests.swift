import Foundation
import TestSupport
import Testing

/// Damaged checkpoints (`sample --model`, `train --resume`), `.npy` files (`train --init`) and
/// expressions (`derive`) through the built binary: each is refused with exit 65 (66 when there
/// is nothing to read) and a message naming the file and the fault, never a trap or a NaN.
@Suite struct LoaderTests {
  // MARK: Checkpoints

  /// A small trained run (built-in names, V = 27, Adam so the optimizer has buffers).
  private func trainedRun(in directory: TemporaryDirectory) throws -> URL {
    let run = directory.url.appendingPathComponent("good")
    let result = try BigramBinary.run(["train", "--optimizer", "adam", "--steps", "2", "-o", run.path, "--quiet"])
    try #require(result.status == 0, "\(result.standardError)")
    return run
  }

  /// A copy of the good run whose checkpoint file holds `bytes`.
  private func damagedRun(_ name: String, bytes: Data, from good: URL, in directory: TemporaryDirectory) throws
    -> String
  {
    let run = directory.url.appendingPathComponent(name)
    try FileManager.default.copyItem(at: good, to: run)
    try bytes.write(to: run.appendingPathComponent("checkpoint.bigram"))
    return run.path
  }

  /// The checkpoint's JSON payload.
  private func payload(of run: URL) throws -> [String: Any] {
    let data = try Data(contentsOf: run.appendingPathComponent("checkpoint.bigram"))
    let newline = try #require(data.firstIndex(of: 0x0A))
    return try #require(try JSONSerialization.jsonObject(with: data[(newline + 1)...]) as? [String: Any])
  }

  /// `payload` under a header with its true length and checksum, so the loader gets past both
  /// and must find the fault in the contents. FNV-1a 64 written out from its definition
  /// (offset basis 0xcbf29ce484222325, prime 0x100000001b3), not taken from the code under test.
  private func sealed(_ payload: Data) -> Data {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in payload {
      hash ^= UInt64(byte)
      hash &*= 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    let header =
      "bigram-checkpoint 2 fnv1a64=\(String(repeating: "0", count: 16 - hex.count) + hex) bytes=\(payload.count)\n"
    return Data(header.utf8) + payload
  }

  private func sealed(_ object: [String: Any]) throws -> Data {
    sealed(try JSONSerialization.data(withJSONObject: object))
  }

  /// `object` with the value at `path` replaced.
  private func replacing(_ path: [String], in object: [String: Any], with value: Any) -> [String: Any] {
    var copy = object
    guard let key = path.first else { return object }
    copy[key] =
      path.count == 1
      ? value : replacing(Array(path.dropFirst()), in: object[key] as? [String: Any] ?? [:], with: value)
    return copy
  }

  @Test func damagedCheckpointsAreRefusedBySampleScoreAndResume() throws {
    let directory = try TemporaryDirectory()
    let good = try trainedRun(in: directory)
    let original = try Data(contentsOf: good.appendingPathComponent("checkpoint.bigram"))
    let json = try payload(of: good)
    var flipped = original
    // A digit of the JSON changed, length kept: only the checksum can tell.
    let digit = try #require(flipped.indices.reversed().first { (0x30...0x38).contains(flipped[$0]) })
    flipped[digit] += 1
    let nanWeights = Array(repeating: "NaN", count: 27 * 27)
    let cases: [(name: String, bytes: Data, message: String)] = [
      (
        "truncated", original.prefix(original.count - 100),
        "truncated checkpoint (\(original.count - 100 - (original.firstIndex(of: 0x0A) ?? 0) - 1) of"
      ),
      ("flipped", flipped, "checksum does not match its contents"),
      ("text", Data("hello, world\n".utf8), "not a bigram checkpoint"),
      ("empty", Data(), "not a bigram checkpoint"),
      ("version", Data("bigram-checkpoint 3 fnv1a64=0 bytes=0\n".utf8), "format version 3"),
      (
        "format1", Data("bigram-checkpoint 1 fnv1a64=0 bytes=0\n".utf8), "format version 1, this bigram reads version 2"
      ),
      ("malformed", sealed(Data("{\"events\": 1}".utf8)), "damaged checkpoint"),
      (
        "shape",
        try sealed(
          replacing(["state", "model", "weights"], in: json, with: ["shape": [2, 2], "scalars": [0, 0, 0, 0]])),
        "weights of shape [2, 2] for 27 symbols"
      ),
      (
        "count",
        try sealed(
          replacing(["state", "model", "weights"], in: json, with: ["shape": [27, 27], "scalars": [0, 0, 0]])),
        "needs 729 scalars, found 3"
      ),
      (
        "nan",
        try sealed(
          replacing(["state", "model", "weights"], in: json, with: ["shape": [27, 27], "scalars": nanWeights])),
        "weights hold NaN or infinity"
      ),
      (
        "buffers",
        try sealed(
          replacing(
            ["state", "optimizer", "adam", "_0", "state", "firstMoments"], in: json, with: [[0.0, 0.0, 0.0]])),
        "buffers do not fit 729 weights"
      ),
      ("history", try sealed(replacing(["state", "step"], in: json, with: 7)), "step 7 does not match its history"),
      (
        "batch", try sealed(replacing(["configuration", "batchSize"], in: json, with: 0)),
        "batchSize must be at least 1"
      ),
      // Issue 14, item 2: a checksum proves integrity, not sanity.
      ("l2", try sealed(replacing(["configuration", "l2"], in: json, with: -1)), "l2 must be a finite number ≥ 0"),
      (
        "steps", try sealed(replacing(["configuration", "steps"], in: json, with: 1_000_000_000)),
        "steps must be between 0 and 100000000"
      ),
      (
        "beta", try sealed(replacing(["configuration", "optimizer", "adam", "beta1"], in: json, with: 1.5)),
        "beta1 must be in [0, 1)"
      ),
      (
        "kind", try sealed(replacing(["configuration", "optimizer"], in: json, with: ["sgd": ["learningRate": 5]])),
        "do not fit 729 weights and the configuration"
      ),
      ("position", try sealed(replacing(["state", "epochPosition"], in: json, with: -1)), "position -1"),
    ]
    for (name, bytes, message) in cases {
      let run = try damagedRun(name, bytes: bytes, from: good, in: directory)
      let checkpoint = run + "/checkpoint.bigram"
      for arguments in [["sample", "--model", run], ["score", "--model", run, "anna"], ["train", "--resume", run]] {
        let result = try BigramBinary.run(arguments)
        #expect(result.status == 65, "\(name) \(arguments[0]): \(result.standardError)")
        #expect(result.standardError.hasPrefix("bigram: error: \(checkpoint): "), "\(name): \(result.standardError)")
        #expect(result.standardError.contains(message), "\(name): \(result.standardError)")
        #expect(result.standardOutput.isEmpty, "\(name)")
      }
    }
  }

  /// Found by Fuzz/ (FuzzCheckpoint, about 400,000 executions, with the consistency check taken
  /// out): a momentum buffer of 10 entries for 9 weights, under a valid checksum, trapped in
  /// `SGD.update` on resume. The fuzzer's mutations (a garbled key, duplicated fields) are kept.
  @Test func fuzzerFoundCheckpointIsRefused() throws {
    // Translated to checkpoint format 2 (the configuration replaces the flat options, the model
    // holds the weights, the history lives beside it); the faulty 10-entry buffer is kept.
    let payload = [
      #"{"configuration":{"clipping":{},"l2":0,"optimizer":{"momentum":{"learningRate":5,"momentum":0.9}},"#,
      #""path":"counts","schedule":{"plateau":{"factor":0.1,"patience":10}},"seed":42,"steps":5,"#,
      #""weightDecay":0},"events":11,"fingerprint":"0000000000000000","historyCount":3,"source":"words.txt","#,
      #""state":{"epoch":2,"epochGenerator":{"state":3326683750974675196},"epochPosition":8,"#,
      #""model":{"vocabulary":{"symbols":".ab"},"weights":{"scalars":[-1.133261747953663,1.1034995203852427,"#,
      #"0.029762227568420414,0.7281839788194385,-1.4563679576388764,0.7281839788194385,-0.3418506405212122,"#,
      #"0.6837012810424246,-0.3418506405212122],"shape":[3,3]}},"#,
      #""optimizer":{"sgd":{"_0":{"dampening":0,"learningRate":5,"momentum":0.9,"momentumBuffers":[[0.135743420414,"#,
      #"0.7281839788194385,-1.4563679576388764,0.7281839788194385,-0.3418506405212122,0.156541,"#,
      #"-0.08503073515782708,0.038067097801212146,-0.07613419560242429,0.038067097801212146]],"nesterov":false,"#,
      #""weightDecay":0}}},"schedule":{"plateau":{"_0":{"badSteps":0,"best":0.8537099618289473,"epsilon":1e-08,"#,
      #""factor":0.1,"initialRate":5,"minimumRate":0,"observedSteps":2,"patience":10,"reductions":[],"#,
      #""threshold":0.0001}}},"step":2,"stopReason":"completed"}}"#,
    ].joined()
    let directory = try TemporaryDirectory()
    let run = directory.url.appendingPathComponent("run")
    try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
    // The target resealed the payload under a correct header, as sealed(_:) does.
    try sealed(Data(payload.utf8)).write(to: run.appendingPathComponent("checkpoint.bigram"))
    // The words it was trained on (11 bigram events), where its "source": "words.txt" points.
    try directory.file("words.txt", text: "ab\nba\nabba\n")
    for arguments in [["train", "--resume", run.path], ["sample", "--model", run.path]] {
      let result = try BigramBinary.run(arguments, in: directory.url)
      #expect(result.status == 65, "\(arguments[0]): \(result.standardError)")
      #expect(result.standardError.contains("the optimizer's settings or buffers do not fit 9 weights"))
    }
  }

  @Test func missingAndOversizedCheckpoints() throws {
    let directory = try TemporaryDirectory()
    let empty = directory.url.appendingPathComponent("empty")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    let missing = try BigramBinary.run(["sample", "--model", empty.path])
    #expect(missing.status == 66)
    #expect(missing.standardError.contains("\(empty.path): no checkpoint here"))
    // A sparse file one byte past the 512 MiB limit: refused by its size, never read.
    let huge = directory.url.appendingPathComponent("huge")
    try FileManager.default.createDirectory(at: huge, withIntermediateDirectories: true)
    let file = huge.appendingPathComponent("checkpoint.bigram")
    #expect(FileManager.default.createFile(atPath: file.path, contents: nil))
    let handle = try FileHandle(forWritingTo: file)
    try handle.truncate(atOffset: UInt64(512 << 20) + 1)
    try handle.close()
    let oversized = try BigramBinary.run(["sample", "--model", huge.path])
    #expect(oversized.status == 65)
    #expect(oversized.standardError.contains("\((512 << 20) + 1) bytes is larger than any checkpoint"))
  }

  // MARK: .npy files

  /// The header of a C-ordered 27×27 float64 array, or of another `descr` and `shape`.
  private func matrix(_ descr: String = "<f8", shape: String = "(27, 27)") -> String {
    NumPyBytes.header(descr, shape: shape)
  }

  @Test func badInitialWeightsAreRefusedByTrain() throws {
    let directory = try TemporaryDirectory()
    var withInfinity = [Double](repeating: 0, count: 729)
    withInfinity[3 * 27 + 4] = .infinity
    let cases: [(name: String, bytes: [UInt8], message: String)] = [
      ("empty", [], "is empty, not a NumPy .npy file"),
      ("zip", [0x50, 0x4B, 3, 4, 20, 0, 0, 0], "is not a NumPy .npy file (it starts with \"PK\\x03\\x04"),
      ("prefix", NumPyBytes.file("").prefix(9).map { $0 }, "ends inside its header (the file has only 9 bytes)"),
      ("header", NumPyBytes.file(matrix(), lengthField: 200), "ends inside its header"),
      ("long-header", NumPyBytes.file(matrix(), version: 2, lengthField: .max), "declares a 4294967295-byte header"),
      ("version", NumPyBytes.file(matrix(), version: 9), "format version 9.0 is not supported"),
      (
        "truncated", NumPyBytes.file(matrix(), data: NumPyBytes.float64([1, 2, 3])),
        "need 5832 data bytes but only 24 are present"
      ),
      (
        "trailing", NumPyBytes.file(matrix(), data: NumPyBytes.float64(Array(repeating: 0, count: 730))),
        "8 unexpected bytes after the array"
      ),
      (
        "shape", NumPyBytes.file(matrix(shape: "(5, 5)"), data: NumPyBytes.float64(Array(repeating: 0, count: 25))),
        "holds shape [5, 5] but [27, 27]"
      ),
      (
        "vector", NumPyBytes.file(matrix(shape: "(729,)"), data: NumPyBytes.float64(Array(repeating: 0, count: 729))),
        "holds shape [729] but [27, 27]"
      ),
      (
        "rank",
        NumPyBytes.file(matrix(shape: "(27, 27, 1)"), data: NumPyBytes.float64(Array(repeating: 0, count: 729))),
        "(rank 3)"
      ),
      (
        "dtype", NumPyBytes.file(matrix("<i8"), data: NumPyBytes.float64(Array(repeating: 0, count: 729))),
        "holds dtype '<i8'"
      ),
      ("object", NumPyBytes.file(matrix("|O"), data: []), "holds dtype '|O'"),
      // Checked before anything is allocated: 10¹⁶ elements, and a product that overflows Int.
      ("huge", NumPyBytes.file(matrix(shape: "(100000000, 100000000)")), "more than 268435456 elements"),
      ("overflow", NumPyBytes.file(matrix(shape: "(4611686018427387904, 4)")), "more than 268435456 elements"),
      ("negative", NumPyBytes.file(matrix(shape: "(-27, 27)")), "'shape' must hold non-negative integers"),
      (
        "dict", NumPyBytes.file("{'descr': '<f8', 'shape': (27, 27)}\n"),
        "'descr', 'fortran_order' and 'shape' are all required"
      ),
      (
        "nested", NumPyBytes.file("{'descr': " + String(repeating: "(", count: 40) + "\n"),
        "nested more than 16 levels deep"
      ),
      (
        "nan", NumPyBytes.file(matrix(), data: NumPyBytes.float64(Array(repeating: .nan, count: 729))),
        "holds nan at index [0, 0]"
      ),
      ("inf", NumPyBytes.file(matrix(), data: NumPyBytes.float64(withInfinity)), "holds inf at index [3, 4]"),
    ]
    for (name, bytes, message) in cases {
      let path = try directory.file("\(name).npy", bytes: bytes)
      let result = try BigramBinary.run(["train", "--init", path, "--steps", "1"])
      #expect(result.status == 65, "\(name): \(result.standardError)")
      #expect(result.standardError.hasPrefix("bigram: error: \(path): "), "\(name): \(result.standardError)")
      #expect(result.standardError.contains(message), "\(name): \(result.standardError)")
      #expect(result.standardOutput.isEmpty, "\(name)")
    }
    let missing = directory.url.appendingPathComponent("missing.npy").path
    let result = try BigramBinary.run(["train", "--init", missing])
    #expect(result.status == 66)
    #expect(result.standardError.contains("\(missing): no such file"))
  }

  @Test func unusualButValidWeightFilesAreRead() throws {
    let directory = try TemporaryDirectory()
    // Big-endian float32 in Fortran order, W = 0 written out: the first loss is log 27 exactly as
    // for --init zeros (closed form: a uniform row scores log V).
    let zeros32 = [UInt8](repeating: 0, count: 729 * 4)
    let header = "{'descr': '>f4', 'fortran_order': True, 'shape': (27, 27), }\n"
    let path = try directory.file("zeros.npy", bytes: NumPyBytes.file(header, version: 3, data: zeros32))
    let result = try BigramBinary.run(["train", "--init", path, "--steps", "0", "--json"])
    #expect(result.status == 0, "\(result.standardError)")
    let history = try #require(try result.jsonObject()["history"] as? [[String: Any]])
    #expect(abs((history.first?["loss"] as? Double ?? 0) - log(27.0)) < 1e-12)
  }

  // MARK: Expressions

  @Test func badExpressionsAreRefusedByDerive() throws {
    let cases: [(arguments: [String], status: Int32, message: String)] = [
      (["derive", ""], 65, "the expression is empty"),
      (["derive", "x^"], 65, "the expression ends too early"),
      (["derive", "2 x"], 65, "a product needs an explicit '*'"),
      (["derive", "x\u{1}"], 65, "unexpected character U+1"),
      (["derive", "foo(x)"], 65, "unknown function 'foo'"),
      (["derive", "1e999"], 65, "is too large"),
      (["derive", Array(repeating: "x", count: 5_001).joined(separator: "+")], 65, "more than the 10000 allowed"),
      (
        ["derive", String(repeating: "(", count: 300) + "x" + String(repeating: ")", count: 300)], 65,
        "nests more than 200 levels"
      ),
      // After "--", so that argument-parser does not read the minus signs as an option.
      (["derive", "--", String(repeating: "-", count: 300) + "x"], 65, "nests more than 200 levels"),
      (["derive", "log(x)", "--at", "x=-1"], 65, "log(x) needs x > 0, but x = -1"),
      (["derive", "x/y", "--at", "x=1"], 65, "y ≠ 0"),
      (["derive", "exp(x)", "--at", "x=1000"], 65, "overflows"),
      (["derive", "sqrt(x)"], 65, "∂f/∂x does not exist here"),
      (["derive", "x", "--at", "y=1"], 65, "y is not a variable of the expression"),
      (["derive", "x", "--at", "x=nan"], 64, "expected name=number pairs"),
      (["derive", "x", "--direction", "dx=0"], 65, "the direction is zero"),
    ]
    for (arguments, status, message) in cases {
      let result = try BigramBinary.run(arguments)
      let shown = arguments.map { $0.prefix(40) }
      #expect(result.status == status, "\(shown): \(result.standardError)")
      #expect(result.standardError.contains(message), "\(shown): \(result.standardError)")
      #expect(result.standardOutput.isEmpty, "\(shown)")
      // (x=nan is the user's own text, quoted back.)
      #expect(!result.printsNaN || arguments.contains("x=nan"), "\(shown)")
    }
  }
}
