import CharLM
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite("AtomicFile")
struct AtomicFileTests {
  @Test("writes a new file, replaces an existing one, and leaves no temporary file behind")
  func writesAndReplaces() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let target = directory.file("history.csv")

    try AtomicFile.write(Data("old\n".utf8), to: target)
    #expect(try String(contentsOf: target, encoding: .utf8) == "old\n")
    try AtomicFile.write("new ∑ é\n", to: target)
    #expect(try Data(contentsOf: target) == Data("new ∑ é\n".utf8))
    #expect(try directory.contents() == ["history.csv"])
  }

  @Test("an existing file keeps its permission bits")
  func keepsPermissions() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let target = directory.file("weights.npy")
    try AtomicFile.write("old", to: target)
    #expect(chmod(target.path, 0o640) == 0)

    try AtomicFile.write("new", to: target)
    var status = stat()
    #expect(stat(target.path, &status) == 0)
    #expect(status.st_mode & 0o7777 == 0o640)
  }

  @Test("a missing directory is refused with an error naming the path and the fix")
  func missingDirectory() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let target = directory.url.appendingPathComponent("runs/42/loss.svg")

    let error = try #require(throws: AtomicFile.WriteError.self) { try AtomicFile.write("x", to: target) }
    #expect(error.code == ENOENT)
    #expect(error.path == target.path)
    #expect(error.description.contains(target.path))
    #expect(error.description.contains("mkdir -p \(directory.url.path)/runs/42"))
    #expect(try directory.contents().isEmpty)
  }

  @Test("a rename that fails after the data was written keeps the old content and removes the temporary file")
  func failedRenameKeepsOldContent() throws {
    // Root ignores permission bits, so the failure provoked here is one the file system enforces
    // for everyone: a regular file cannot be renamed over a non-empty directory.
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let target = directory.file("report.html")
    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
    try AtomicFile.write("keep me", to: target.appendingPathComponent("old.txt"))

    let error = try #require(throws: AtomicFile.WriteError.self) {
      try AtomicFile.write(Data(repeating: 7, count: 1 << 16), to: target)
    }
    #expect(error.step == "rename onto")
    #expect(error.description.contains("is a directory"))
    #expect(try directory.contents() == ["report.html"])
    #expect(try String(contentsOf: target.appendingPathComponent("old.txt"), encoding: .utf8) == "keep me")
  }

  @Test("a reader racing a writer only ever sees a complete file")
  func readersSeeWholeFiles() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let target = directory.file("counts.npy")
    let size = 1 << 16
    try AtomicFile.write(Data(repeating: 0, count: size), to: target)

    // Each version is one repeated byte, so a torn or partial file shows as mixed bytes or a
    // short read. A non-atomic writer (truncate, then write: Data.write without .atomic) was
    // caught tearing reads here when tried.
    let torn = TornReads()
    DispatchQueue.concurrentPerform(iterations: 2) { worker in
      for round in 0..<100 {
        if worker == 0 {
          try? AtomicFile.write(Data(repeating: UInt8(round % 251), count: size), to: target)
        } else if let data = try? Data(contentsOf: target), data.count != size || Set(data).count != 1 {
          torn.increment()
        }
      }
    }
    #expect(torn.count == 0)
    #expect(try directory.contents() == ["counts.npy"])
  }
}

/// A counter shared by the racing reader and the test (NSLock rather than Mutex, which needs macOS 15).
private final class TornReads: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0

  var count: Int { lock.withLock { value } }

  func increment() { lock.withLock { value += 1 } }
}
