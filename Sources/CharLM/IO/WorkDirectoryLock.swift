import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A work directory held by one run: the file `lock` in it, created exclusively (`O_EXCL`), holds
/// the holder's process id. A second run finds it and is refused with that pid; a lock whose
/// process no longer exists (killed, crashed) is stale and is taken over.
public final class WorkDirectoryLock: Sendable {
  /// The lock file's name inside the work directory.
  public static let fileName = "lock"

  /// Why the lock could not be taken.
  public enum LockError: Error, Equatable, CustomStringConvertible {
    /// Another live process holds the directory.
    case held(directory: String, pid: Int32)
    /// The lock file could not be created or read.
    case io(directory: String, reason: String)

    /// What happened and what to do.
    public var description: String {
      switch self {
      case .held(let directory, let pid):
        return "\(directory) is in use by another training run (process \(pid)); wait for it to finish, "
          + "or choose another work directory"
      case .io(let directory, let reason):
        return "cannot lock \(directory): \(reason)"
      }
    }
  }

  /// The lock file.
  public let path: String

  /// Takes the lock of the directory at `directory` (created if missing).
  ///
  /// - Throws: ``LockError/held(directory:pid:)`` when a live process holds it;
  ///   ``AtomicFile/WriteError`` when the directory cannot be created.
  public init(directory: String) throws {
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      // Reported like any failed write, with the system's reason (a file in the way, permissions).
      throw AtomicFile.WriteError(path: directory, step: "create the directory", code: error.posixCode ?? EIO)
    }
    path = (directory as NSString).appendingPathComponent(Self.fileName)
    for _ in 0..<3 {
      let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
      if descriptor >= 0 {
        let text = "\(getpid())\n"
        _ = text.withCString { write(descriptor, $0, strlen($0)) }
        close(descriptor)
        return
      }
      guard errno == EEXIST else {
        throw LockError.io(directory: directory, reason: String(cString: strerror(errno)))
      }
      // Someone holds it, or held it and died. A lock being written has no pid yet: wait a moment.
      let holder = Self.holder(of: path)
      if let holder, holder > 0, kill(holder, 0) == 0 || errno == EPERM {
        throw LockError.held(directory: directory, pid: holder)
      }
      if holder == nil { usleep(50_000) }
      if holder != nil || Self.holder(of: path) == nil { unlink(path) }
    }
    throw LockError.io(
      directory: directory, reason: "the lock file \(path) keeps reappearing; remove it if no run uses it")
  }

  /// The pid in the lock file, or nil when it cannot be read.
  private static func holder(of path: String) -> Int32? {
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines)
    else { return nil }
    return Int32(text)
  }

  /// Releases the lock (only if this process still holds it).
  public func release() {
    if Self.holder(of: path) == getpid() { unlink(path) }
  }

  deinit { release() }
}
