import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into a flag the training loop polls between steps, so a run is
/// interrupted at a step boundary, checkpointed, and exits 130 (SIGINT) or 143 (SIGTERM).
final class Interruption {
  /// The signal number received (0 for none), shared with the dispatch handlers.
  private final class Flag: Sendable {
    let value = Atomic<Int32>(0)
  }

  private let flag = Flag()
  private var sources: [any DispatchSourceSignal] = []

  /// Starts listening; the default handlers are replaced until ``stop()``.
  init() {
    for number in [SIGINT, SIGTERM] {
      // Ignore the default action so the dispatch source alone sees the signal.
      _ = Glibc.signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { [flag] in flag.value.store(number, ordering: .sequentiallyConsistent) }
      source.resume()
      sources.append(source)
    }
  }

  /// The signal received, or nil.
  var receivedSignal: Int32? {
    let value = flag.value.load(ordering: .sequentiallyConsistent)
    return value == 0 ? nil : value
  }

  /// The conventional exit code for the signal: 128 + its number.
  var exitCode: Int32 { 128 + (receivedSignal ?? 0) }

  /// Restores the default handlers.
  func stop() {
    for source in sources { source.cancel() }
    _ = Glibc.signal(SIGINT, SIG_DFL)
    _ = Glibc.signal(SIGTERM, SIG_DFL)
  }
}
