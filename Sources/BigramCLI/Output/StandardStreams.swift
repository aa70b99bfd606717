import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The commands' output on stdout, with failed writes noticed, and stderr without traps.
///
/// `Swift.print` buffers stdout in C and drops write errors, so `bigram counts --json > /dev/full`
/// used to exit 0 having written nothing, and `sample -n 100000` on a full disk exited 0 with its
/// output cut at 64 KiB. Every `print` in this module comes here instead (the module's own
/// ``print(_:separator:terminator:)`` shadows Swift's): the text is buffered, written with
/// write(2), and the first failure remembered until ``flushOutput()`` reports it (exit 74).
enum StandardStreams {
  /// Output is written once this many bytes are waiting (on a terminal, at every line end, as C
  /// does, so the tour appears as it runs).
  static let bufferSize = 1 << 16
  private static let isTerminal = isatty(STDOUT_FILENO) == 1

  // Only the main thread prints (training's worker threads only compute), hence unsafe.
  nonisolated(unsafe) private static var pending: [UInt8] = []
  nonisolated(unsafe) private static var failure: Int32?

  /// Appends `text` to stdout, writing it out when the buffer is full.
  static func output(_ text: String) {
    pending.append(contentsOf: text.utf8)
    if pending.count >= bufferSize || (isTerminal && pending.last == UInt8(ascii: "\n")) { drain() }
  }

  /// Writes everything buffered, and throws (exit 74, with the system's reason) if this or any
  /// earlier write to stdout failed, so a full disk never passes for a complete output.
  static func flushOutput() throws {
    drain()
    if let failure {
      throw CommandFailure(
        message: "cannot write standard output: \(String(cString: strerror(failure)))", exitCode: 74)
    }
  }

  /// Writes `text` to stderr as it is. A failure there is ignored: there is nowhere left to report
  /// it (Foundation's `FileHandle.write` would trap instead, exit 132 with `2> /dev/full`).
  static func error(_ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
      let written = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { return }
      bytes = bytes.dropFirst(written)
    }
  }

  // Writes the buffer to descriptor 1 (short writes continued, EINTR retried); after a failure
  // the rest of the output is dropped, as no later part of it could be trusted to follow.
  private static func drain() {
    defer { pending.removeAll(keepingCapacity: true) }
    guard failure == nil else { return }
    var offset = 0
    while offset < pending.count {
      let written = pending.withUnsafeBytes { bytes in
        bytes.baseAddress.map { write(STDOUT_FILENO, $0 + offset, bytes.count - offset) } ?? 0
      }
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else {
        failure = written < 0 ? errno : EIO
        return
      }
      offset += written
    }
  }
}

/// The commands' `print`: as `Swift.print`, but through ``StandardStreams`` so that a failed write
/// to stdout is noticed and reported (exit 74) rather than lost, and with the control and bidi
/// characters of echoed words and paths escaped (``TerminalText/output(_:)``).
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
  StandardStreams.output(TerminalText.output(items.map { "\($0)" }.joined(separator: separator) + terminator))
}
