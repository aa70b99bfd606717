import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT, SIGTERM and SIGHUP into a flag the training loop polls between steps, so a run is
/// interrupted at a step boundary, checkpointed, and exits 130 (SIGINT), 143 (SIGTERM) or 129
/// (SIGHUP: the terminal closed, e.g. an ssh session dropped, which used to lose the run).
final class Interruption {
  /// The signal number received (0 for none), shared with the dispatch handlers.
  private final class Flag: Sendable {
    let value = Atomic<Int32>(0)
  }

  /// The signals that stop a run gracefully.
  static let signals = [SIGINT, SIGTERM, SIGHUP]

  private let flag = Flag()
  private var sources: [any DispatchSourceSignal] = []

  /// Starts listening; the default handlers are replaced until ``stop()``.
  init() {
    for number in Self.signals {
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
    for number in Self.signals { _ = Glibc.signal(number, SIG_DFL) }
  }
}
