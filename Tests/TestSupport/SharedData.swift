import Foundation

/// Where the shared names.txt lives for tests: `$BIGRAM_NAMES`, else `../shared/data/names.txt`
/// beside the package root.
public enum SharedData {
  /// The package root, found from this file's path (Tests/TestSupport/SharedData.swift).
  public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The path of names.txt, or nil where it is absent.
  public static var namesURL: URL? {
    if let path = ProcessInfo.processInfo.environment["BIGRAM_NAMES"], !path.isEmpty {
      return URL(fileURLWithPath: path)
    }
    let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/names.txt")
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
  }

  /// Whether tests that need names.txt must run (CI sets `BIGRAM_REQUIRE_NAMES=1`): then a
  /// missing file is a failure, not a skip.
  public static var isRequired: Bool {
    ProcessInfo.processInfo.environment["BIGRAM_REQUIRE_NAMES"] == "1"
  }

  /// True when names.txt is present, or when it is required (so the test runs and fails loudly).
  public static var isAvailableOrRequired: Bool {
    if namesURL == nil && !isRequired {
      FileHandle.standardError.write(
        Data("note: ../shared/data/names.txt not found; tests that need it are skipped (set BIGRAM_NAMES)\n".utf8))
      return false
    }
    return true
  }
}
