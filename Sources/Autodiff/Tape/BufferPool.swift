import Foundation

/// Large scalar buffers kept from one tape to the next, so a training loop that records the same
/// computation every step reuses its T×V buffers instead of asking the system for fresh pages
/// (a new 50 MB array costs thousands of page faults, more than the arithmetic done in it).
///
/// A tape gives its large values and gradients back when it is freed and takes them again for
/// new values of the same size. Buffers are plain arrays: one still referenced elsewhere is simply
/// copied on its next write, so sharing is never unsafe, only slower. At most `capacity` scalars
/// are kept; beyond that the oldest buffers are let go.
final class BufferPool: @unchecked Sendable {
  /// The pool every tape uses.
  static let shared = BufferPool()
  /// Buffers smaller than this (256 KB) are left to malloc, which reuses small blocks by itself.
  static let minimumCount = 1 << 15
  /// The most scalars kept in all.
  let capacity: Int

  // Guarded by `lock`: tapes on several threads share the pool.
  private let lock = NSLock()
  private var buffers: [[Double]] = []
  private var kept = 0

  /// A pool keeping at most `capacity` scalars (by default 2²⁵, 256 MB).
  init(capacity: Int = 1 << 25) {
    self.capacity = capacity
  }

  /// A buffer of exactly `count` scalars with unspecified contents, or nil when none is kept.
  func take(count: Int) -> [Double]? {
    guard count >= Self.minimumCount else { return nil }
    lock.lock()
    defer { lock.unlock() }
    guard let position = buffers.lastIndex(where: { $0.count == count }) else { return nil }
    kept -= count
    return buffers.remove(at: position)
  }

  /// Keeps `buffer` for a later ``take(count:)`` if it is large enough, leaving it empty.
  func give(_ buffer: inout [Double]) {
    guard buffer.count >= Self.minimumCount, buffer.count <= capacity else { return }
    var kept: [Double] = []
    swap(&kept, &buffer)
    lock.lock()
    defer { lock.unlock() }
    buffers.append(kept)
    self.kept += kept.count
    while self.kept > capacity {
      self.kept -= buffers.removeFirst().count
    }
  }
}
