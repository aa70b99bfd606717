import Foundation

/// Runs the built `bigram` executable, as a user would, and captures what it prints.
public enum BigramBinary {
  /// What one run printed and how it ended.
  public struct Result: Sendable {
    /// The exit code (or 128 + signal).
    public let status: Int32
    /// Everything written to stdout.
    public let standardOutput: String
    /// Everything written to stderr.
    public let standardError: String
  }

  /// Errors locating the binary.
  public struct NotFound: Error, CustomStringConvertible {
    /// Where it was looked for.
    public let description: String
  }

  /// The `bigram` executable beside the test bundle (swift test builds it in the same folder).
  public static func url() throws -> URL {
    let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for folder in [besideTests, besideTests.deletingLastPathComponent()] {
      let candidate = folder.appendingPathComponent("bigram")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    throw NotFound(description: "bigram executable not found beside \(besideTests.path); run `swift build` first")
  }

  /// Runs `bigram arguments…` in `directory`, with extra environment variables.
  public static func run(
    _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
  ) throws -> Result {
    let process = Process()
    process.executableURL = try url()
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes before waiting, so a chatty process cannot block on a full pipe.
    let group = DispatchGroup()
    nonisolated(unsafe) var errorData = Data()
    group.enter()
    DispatchQueue.global().async {
      errorData = error.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    let status =
      process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    return Result(
      status: status, standardOutput: String(decoding: outputData, as: UTF8.self),
      standardError: String(decoding: errorData, as: UTF8.self))
  }
}

/// A temporary directory for one test, removed when the test ends.
public final class TemporaryDirectory {
  /// The directory.
  public let url: URL

  /// Creates a fresh directory under the system's temporary folder.
  public init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("bigram-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  /// Writes `bytes` to a file in the directory and returns its path.
  @discardableResult
  public func file(_ name: String, bytes: [UInt8]) throws -> String {
    let file = url.appendingPathComponent(name)
    try Data(bytes).write(to: file)
    return file.path
  }

  /// Writes `text` as UTF-8 to a file in the directory and returns its path.
  @discardableResult
  public func file(_ name: String, text: String) throws -> String {
    try file(name, bytes: Array(text.utf8))
  }

  deinit {
    try? FileManager.default.removeItem(at: url)
  }
}
