import Foundation

extension Error {
  /// The POSIX error number behind a Foundation file error, if any: Foundation's own message is
  /// often only "The operation could not be completed", while the number says what happened.
  public var posixCode: Int32? {
    let error = self as NSError
    if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
    // `as? any Error`, not `as? NSError`: on Linux the underlying value may be a Swift POSIXError.
    guard let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error else { return nil }
    let nested = underlying as NSError
    return nested.domain == NSPOSIXErrorDomain ? Int32(nested.code) : nil
  }
}
