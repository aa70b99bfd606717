import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes files atomically: the bytes go to a temporary file in the target's directory, which is
/// flushed to disk and then renamed over the target.
///
/// A reader therefore sees either the old file or the complete new one, never a half-written
/// file, and a crash or a failed write leaves the old file in place. The temporary file is
/// removed on every failure. An existing target keeps its permission bits; a new one gets
/// `0o666` minus the process umask, as with any newly created file.
public enum AtomicFile {
  /// Why an atomic write failed: the path, the step, the system error, and what to do.
  public struct WriteError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file that was to be written.
    public var path: String
    /// The step that failed ("create a temporary file in", "write", "flush", "rename onto").
    public var step: String
    /// The `errno` value the system reported.
    public var code: Int32

    /// Creates the error for a failed `step` on `path` with system error `code`.
    public init(path: String, step: String, code: Int32) {
      self.path = path
      self.step = step
      self.code = code
    }

    /// "cannot write <path>: <cause> — <what to do>".
    public var description: String {
      if step == AtomicFile.renameStep && [EISDIR, ENOTEMPTY, EEXIST].contains(code) {
        return "cannot write \(path): it is a directory — remove it or choose another file name"
      }
      let directory = (path as NSString).deletingLastPathComponent
      let cause: String
      switch code {
      case ENOENT:
        cause = "the directory \(directory) does not exist — create it (mkdir -p \(directory)) or choose another path"
      case ENOTDIR:
        cause = "a component of \(directory) is not a directory — choose another path"
      case EACCES, EPERM:
        cause = "permission denied in \(directory) — choose a directory you can write to or change its permissions"
      case EROFS:
        cause = "\(directory) is on a read-only file system — choose another path"
      case ENOSPC, EDQUOT:
        cause = "no space left on the device — free some space or choose another disk"
      default:
        cause = "could not \(step) \(path): \(String(cString: strerror(code))) (errno \(code))"
      }
      return "cannot write \(path): \(cause)"
    }
  }

  static let renameStep = "rename onto"

  /// Atomically replaces the file at `url` with `data` (temporary file, fsync, rename).
  public static func write(_ data: Data, to url: URL) throws {
    let path = url.path
    let directory = url.deletingLastPathComponent().path
    // A hidden name in the same directory, so the final rename stays on one file system (rename
    // is only atomic there); the random part keeps concurrent writers from colliding, and the
    // name is cut so a long target name cannot push it past the 255-byte limit.
    let temporaryPath = directory + "/.\(url.lastPathComponent.prefix(64)).\(UUID().uuidString.prefix(8)).tmp"
    let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else {
      throw WriteError(path: path, step: "create a temporary file in", code: errno)
    }
    var isOpen = true
    do {
      defer { if isOpen { close(descriptor) } }
      var existing = stat()
      if stat(path, &existing) == 0 {
        // Replacing a file must not silently widen or narrow who may read it.
        _ = fchmod(descriptor, existing.st_mode & 0o7777)
      }
      try writeAll(data, to: descriptor, path: path)
      // Without fsync the rename could reach the disk before the data, and a crash would leave
      // an empty or partial file under the target's name.
      guard fsync(descriptor) == 0 else { throw WriteError(path: path, step: "flush", code: errno) }
      isOpen = false
      guard close(descriptor) == 0 else { throw WriteError(path: path, step: "close", code: errno) }
      guard rename(temporaryPath, path) == 0 else {
        throw WriteError(path: path, step: renameStep, code: errno)
      }
    } catch {
      unlink(temporaryPath)
      throw error
    }
    syncDirectory(directory)
  }

  /// Atomically replaces the file at `url` with the UTF-8 encoding of `text`.
  public static func write(_ text: String, to url: URL) throws {
    try write(Data(text.utf8), to: url)
  }

  /// Appends `data` to the file at `url` (created if missing) and flushes it to disk. Not atomic:
  /// a crash may leave a partial last line, so readers trust only as many lines as the checkpoint
  /// written after the append says.
  public static func append(_ data: Data, to url: URL) throws {
    let path = url.path
    let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else { throw WriteError(path: path, step: "open for appending", code: errno) }
    defer { close(descriptor) }
    try writeAll(data, to: descriptor, path: path)
    guard fsync(descriptor) == 0 else { throw WriteError(path: path, step: "flush", code: errno) }
  }

  /// Writes every byte, retrying after partial writes and interruptions.
  private static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws {
    try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
      guard let base = buffer.baseAddress else { return }
      var offset = 0
      while offset < buffer.count {
        let written = systemWrite(descriptor, base + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          throw WriteError(path: path, step: "write", code: errno)
        }
        offset += written
      }
    }
  }

  /// Flushes the directory entry so the rename itself survives a crash; best effort, since
  /// some file systems refuse fsync on directories and the data is already safe.
  private static func syncDirectory(_ directory: String) {
    let descriptor = open(directory, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    _ = fsync(descriptor)
    close(descriptor)
  }
}

/// The C library's `write(2)`, named apart from `AtomicFile.write` so calls inside it resolve.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, bytes, count)
}
