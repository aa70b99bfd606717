import Dispatch

/// Work split across the cores for the few loops large enough to pay for it (T×V softmax on the
/// tape, counting a big file). Callers split the work into a fixed number of parts that does not
/// depend on the core count and combine the parts in index order, so results are the same on any
/// machine.
package enum Parallel {
  /// Inputs below this many scalar operations stay on the calling thread: waking the other cores
  /// costs tens of microseconds.
  package static let minimumWork = 1 << 17

  /// [body(0), body(1), …, body(count − 1)], the calls spread over the cores when `work` (the
  /// scalar operations of all of them) is at least ``minimumWork`` (`body` must be safe to call
  /// concurrently for different indices).
  package static func map<T>(_ count: Int, work: Int = .max, _ body: (Int) -> T) -> [T] {
    guard count > 1, work >= minimumWork else { return (0..<count).map(body) }
    let slots = UnsafeMutablePointer<T>.allocate(capacity: count)
    defer {
      slots.deinitialize(count: count)
      slots.deallocate()
    }
    withoutActuallyEscaping(body) { body in
      // Each iteration initializes only its own slot, so sharing the pointer is race-free.
      let shared = UncheckedSendable(value: (body, slots))
      DispatchQueue.concurrentPerform(iterations: count) { k in
        (shared.value.1 + k).initialize(to: shared.value.0(k))
      }
    }
    return Array(UnsafeBufferPointer(start: slots, count: count))
  }
}

/// A value handed to other threads whose safety the caller guarantees (distinct indices).
private struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
}
