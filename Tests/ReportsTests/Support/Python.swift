import Foundation

/// Runs `python3` for reference results from an independent implementation (NumPy, csv, json).
enum Python {
  /// What a finished script printed (stdout and stderr together) and its exit status.
  struct Result {
    var status: Int32
    var output: String
  }

  /// Whether `python3` runs at all.
  static let isAvailable: Bool = (try? run("import sys"))?.status == 0

  /// Whether `python3` can import NumPy.
  static let hasNumPy: Bool = (try? run("import numpy"))?.status == 0

  /// Runs `code` with `python3 -c`, passing `arguments` as `sys.argv[1...]`.
  static func run(_ code: String, arguments: [String] = []) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", code] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    // Reading to the end before waiting keeps a chatty script from blocking on a full pipe.
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
  }
}
