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

  /// Runs `bigram arguments…` in `directory`, with extra environment variables, to the end;
  /// `standardOutput`, when given, is the file stdout goes to (e.g. /dev/full) instead of a pipe.
  public static func run(
    _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
    standardOutput: FileHandle? = nil
  ) throws -> Result {
    try start(arguments, in: directory, environment: environment, standardOutput: standardOutput).wait()
  }

  /// Starts `bigram arguments…` in the background, to signal it or wait for it.
  public static func start(
    _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
    standardOutput: FileHandle? = nil
  ) throws -> BigramProcess {
    let process = Process()
    process.executableURL = try url()
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let output = Pipe()
    let error = Pipe()
    if let standardOutput {
      // The pipe then carries nothing: closing its writing end lets its reader finish at once.
      process.standardOutput = standardOutput
      try output.fileHandleForWriting.close()
    } else {
      process.standardOutput = output
    }
    process.standardError = error
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return BigramProcess(process: process, output: output, error: error)
  }
}

/// A `bigram` process started by ``BigramBinary/start(_:in:environment:)``.
public final class BigramProcess {
  private let process: Process
  // Both pipes are read from the start, so a chatty process cannot block on a full pipe.
  private let output: PipeReader
  private let error: PipeReader

  init(process: Process, output: Pipe, error: Pipe) {
    self.process = process
    self.output = PipeReader(output)
    self.error = PipeReader(error)
  }

  /// Sends `signal` (SIGINT, SIGTERM, …) to the process.
  public func send(_ signal: Int32) {
    kill(process.processIdentifier, signal)
  }

  /// Waits until the process catches `signal` with a handler of its own, so that the signal
  /// reaches the program rather than ending it; false when the process ended first or this
  /// cannot be seen (the SigCgt mask of /proc/PID/status exists on Linux only).
  public func waitUntilCatching(_ signal: Int32) -> Bool {
    let bit = UInt64(1) << UInt64(signal - 1)
    while process.isRunning {
      guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
        let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16)
      else { return false }
      if mask & bit != 0 { return true }
      usleep(1_000)
    }
    return false
  }

  /// Waits for the process to end and returns what it printed and how it ended.
  public func wait() -> BigramBinary.Result {
    let outputData = output.wait()
    let errorData = error.wait()
    process.waitUntilExit()
    let status =
      process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    return BigramBinary.Result(
      status: status, standardOutput: String(decoding: outputData, as: UTF8.self),
      standardError: String(decoding: errorData, as: UTF8.self))
  }
}

/// Reads a pipe to its end on another thread.
private final class PipeReader: @unchecked Sendable {
  // Written once on the reading thread before `done` is left, read only after waiting on `done`.
  private var data = Data()
  private let done = DispatchGroup()

  init(_ pipe: Pipe) {
    done.enter()
    DispatchQueue.global().async { [self] in
      data = pipe.fileHandleForReading.readDataToEndOfFile()
      done.leave()
    }
  }

  /// Everything the pipe delivered, once its writer has closed it.
  func wait() -> Data {
    done.wait()
    return data
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

extension BigramBinary.Result {
  /// Standard output is not the JSON object expected.
  public struct NotJSON: Error, CustomStringConvertible {
    /// What was printed instead.
    public let description: String
  }

  /// Standard output parsed as the one JSON object a `--json` run prints.
  public func jsonObject() throws -> [String: Any] {
    let object = try? JSONSerialization.jsonObject(with: Data(standardOutput.utf8))
    guard let dictionary = object as? [String: Any] else { throw NotJSON(description: standardOutput) }
    return dictionary
  }

  /// Whether anything printed spells NaN ("nan", "NaN", "-nan"): a result must never be one.
  /// Not for sampled names, where "nan" may be a word.
  public var printsNaN: Bool {
    (standardOutput + standardError).range(of: #"\bnan\b"#, options: [.regularExpression, .caseInsensitive]) != nil
  }
}
