import CFuzzerDriver
import Foundation

/// Starts libFuzzer from a target's main.swift.
public enum FuzzDriver {
  /// Runs libFuzzer on `test`, which gets each input's bytes and returns 0, then exits with
  /// libFuzzer's status (non-zero after a crash, a failed check, a timeout or an out-of-memory).
  public static func run(_ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, test))
  }
}
