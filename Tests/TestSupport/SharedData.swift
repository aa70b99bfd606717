import Foundation

/// Where the shared names.txt lives for tests: `$BIGRAM_NAMES`, else `../shared/data/names.txt`
/// beside the package root.
public enum SharedData {
  /// The package root, found from this file's path (Tests/TestSupport/SharedData.swift).
  public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The path of names.txt, or nil where it is absent (or where `$BIGRAM_NAMES` names no file).
  public static var namesURL: URL? {
    if let url = requestedURL {
      return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
    let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/names.txt")
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
  }

  /// The file `$BIGRAM_NAMES` asks for, if the variable is set.
  public static var requestedURL: URL? {
    guard let path = ProcessInfo.processInfo.environment["BIGRAM_NAMES"], !path.isEmpty else { return nil }
    return URL(fileURLWithPath: path)
  }

  /// What is wrong with `$BIGRAM_NAMES`, or nil when it is unset or names a readable file.
  public static var requestProblem: String? {
    guard let url = requestedURL else { return nil }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      return "BIGRAM_NAMES=\(url.path): no such file; point it at names.txt or unset it"
    }
    if isDirectory.boolValue { return "BIGRAM_NAMES=\(url.path) is a directory; point it at names.txt itself" }
    return nil
  }

  /// Whether tests that need names.txt must run (CI sets `BIGRAM_REQUIRE_NAMES=1`): then a
  /// missing file is a failure, not a skip.
  public static var isRequired: Bool {
    ProcessInfo.processInfo.environment["BIGRAM_REQUIRE_NAMES"] == "1"
  }

  /// True when names.txt is present, or when it is required and simply absent (so the tests run
  /// and fail loudly). A wrong `$BIGRAM_NAMES` disables them all: one test
  /// (`SharedDataTests.bigramNamesNamesAFile`) fails once and says why, instead of every test
  /// that reads the corpus failing with the same error.
  public static var isAvailableOrRequired: Bool { availability }

  // Decided once per test process, so the note is printed once.
  private static let availability: Bool = {
    if let problem = requestProblem {
      FileHandle.standardError.write(Data("note: \(problem); the tests that need it are skipped\n".utf8))
      return false
    }
    if namesURL == nil && !isRequired {
      FileHandle.standardError.write(
        Data("note: ../shared/data/names.txt not found; tests that need it are skipped (set BIGRAM_NAMES)\n".utf8))
      return false
    }
    return true
  }()
}
