/// What a fuzz target asserts about its loader's output; a failed check traps, which libFuzzer
/// records as a crash together with the input that caused it.
public enum FuzzCheck {
  /// Traps with `message` unless `condition` holds.
  public static func expect(
    _ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #file, line: UInt = #line
  ) {
    if !condition { preconditionFailure(message(), file: file, line: line) }
  }

  /// The input bytes as one `[UInt8]`.
  public static func bytes(_ start: UnsafeRawPointer?, _ count: Int) -> [UInt8] {
    guard let start, count > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: start, count: count))
  }
}
