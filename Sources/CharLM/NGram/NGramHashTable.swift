/// An open-addressing hash table from packed n-gram keys to counts, the store the n-gram counter
/// fills: memory grows with the distinct keys seen (16 or 32 bytes each, at most half full),
/// never with Vᴺ.
///
/// Linear probing on a power-of-two table, Fibonacci hashing (key · 2⁶⁴/φ, top bits), doubled
/// when half full. `Key.max` marks an empty slot: packed keys never hold it, because a symbol
/// index is always below 2ᵇ − 1 for the b bits a symbol takes (see ``NGramCounts/bitsPerSymbol(vocabularySize:)``).
/// A class for its manually managed buffers; each table is filled by one thread at a time.
final class NGramHashTable<Key: FixedWidthInteger & UnsignedInteger>: @unchecked Sendable {
  /// A key and its count side by side, so a probe touches one cache line.
  struct Slot {
    var key: Key
    var count: Int
  }

  // Unchecked exclusivity: these are touched once or twice per counted event, and a table is only
  // ever used by one thread at a time, so the runtime's access bookkeeping would cost the most.
  @exclusivity(unchecked) private var slots: UnsafeMutablePointer<Slot>
  @exclusivity(unchecked) private(set) var capacity: Int
  /// The number of distinct keys stored.
  @exclusivity(unchecked) private(set) var count = 0
  @exclusivity(unchecked) private var shift: Int

  /// An empty table with room for `capacity` slots (rounded up to a power of two ≥ 16).
  init(capacity: Int = 1 << 12) {
    var size = 16
    while size < capacity { size <<= 1 }
    self.capacity = size
    shift = 64 - size.trailingZeroBitCount
    slots = .allocate(capacity: size)
    slots.initialize(repeating: Slot(key: Key.max, count: 0), count: size)
  }

  deinit {
    slots.deallocate()
  }

  /// The slot a key hashes to: its (folded) bits times 2⁶⁴/φ, top bits.
  @inline(__always)
  private func home(_ key: Key) -> Int {
    let low = UInt64(truncatingIfNeeded: key)
    let folded = Key.bitWidth > 64 ? low ^ (UInt64(truncatingIfNeeded: key >> 64) &* 0xC2B2_AE3D_27D4_EB4F) : low
    return Int(truncatingIfNeeded: (folded &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
  }

  /// Adds `amount` to the count of `key`.
  @inline(__always)
  func add(_ key: Key, _ amount: Int = 1) {
    let mask = capacity &- 1
    let slots = self.slots
    var slot = home(key)
    while true {
      let found = slots[slot].key
      if found == key {
        slots[slot].count &+= amount
        return
      }
      if found == Key.max {
        slots[slot] = Slot(key: key, count: amount)
        count &+= 1
        if count &* 2 > capacity { grow() }
        return
      }
      slot = (slot &+ 1) & mask
    }
  }

  /// The count of `key` (0 when absent).
  func count(of key: Key) -> Int {
    let mask = capacity &- 1
    var slot = home(key)
    while true {
      let found = slots[slot].key
      if found == key { return slots[slot].count }
      if found == Key.max { return 0 }
      slot = (slot &+ 1) & mask
    }
  }

  private func grow() {
    let old = slots
    let oldCapacity = capacity
    capacity <<= 1
    shift -= 1
    slots = .allocate(capacity: capacity)
    slots.initialize(repeating: Slot(key: Key.max, count: 0), count: capacity)
    let mask = capacity &- 1
    for index in 0..<oldCapacity where old[index].key != Key.max {
      var slot = home(old[index].key)
      while slots[slot].key != Key.max { slot = (slot &+ 1) & mask }
      slots[slot] = old[index]
    }
    old.deallocate()
  }

  /// Calls `body` with every stored key and its count, in slot order.
  func forEach(_ body: (Key, Int) -> Void) {
    for index in 0..<capacity where slots[index].key != Key.max { body(slots[index].key, slots[index].count) }
  }

  /// Adds every count of `other` to this table.
  func merge(_ other: NGramHashTable<Key>) {
    other.forEach { add($0, $1) }
  }
}
