/// Tensors encode as `{"shape": [...], "scalars": [...]}`; decoding checks the shape against the
/// scalars and throws (never traps) on a mismatch, since the data may come from a damaged file.
extension Tensor: Codable {
  private enum CodingKeys: String, CodingKey { case shape, scalars }

  /// Decodes a tensor, refusing negative extents and a shape that does not fit the scalars.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let shape = try container.decode([Int].self, forKey: .shape)
    let scalars = try container.decode([Double].self, forKey: .scalars)
    var count = 1
    for extent in shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: extent)
      guard extent >= 0, !overflow else {
        throw DecodingError.dataCorruptedError(
          forKey: .shape, in: container, debugDescription: "tensor shape \(shape) is not a valid shape")
      }
      count = product
    }
    guard count == scalars.count else {
      throw DecodingError.dataCorruptedError(
        forKey: .scalars, in: container,
        debugDescription: "tensor shape \(shape) needs \(count) scalars, found \(scalars.count)")
    }
    self.init(shape: shape, scalars: scalars)
  }

  /// Encodes the shape and the row-major scalars.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(shape, forKey: .shape)
    try container.encode(scalars, forKey: .scalars)
  }
}
