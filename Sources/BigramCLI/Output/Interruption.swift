import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into a flag the training loop polls between steps, so a run is
/// interrupted at a step boundary, checkpointed, and exits 130 (SIGINT) or 143 (SIGTERM).
final class Interruption: Sendable {
  private let received = Atomic<Int32>(0)
  private let sources: [any DispatchSourceSignal]

  /// Starts listening; the default handlers are replaced until ``stop()``.
  init() {
    var sources: [any DispatchSourceSignal] = []
    for number in [SIGINT, SIGTERM] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      sources.append(source)
    }
    self.sources = sources
    for (source, number) in zip(sources, [SIGINT, SIGTERM]) {
      source.setEventHandler { [received] in received.store(number, ordering: .sequentiallyConsistent) }
      source.resume()
    }
  }

  /// The signal received, or nil.
  var signal: Int32? {
    let value = received.load(ordering: .sequentiallyConsistent)
    return value == 0 ? nil : value
  }

  /// The conventional exit code for the signal: 128 + its number.
  var exitCode: Int32 { 128 + (signal ?? 0) }

  /// Restores the default handlers.
  func stop() {
    for source in sources { source.cancel() }
    signal(SIGINT, SIG_DFL)
    signal(SIGTERM, SIG_DFL)
  }
}
