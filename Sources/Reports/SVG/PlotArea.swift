/// The rectangle of a chart where data is drawn, in SVG pixels (y grows downwards).
struct PlotArea: Sendable {
  var left: Double
  var top: Double
  var right: Double
  var bottom: Double

  var width: Double { right - left }
  var height: Double { bottom - top }

  /// The pixel column of `value` on `axis`; beyond ±10⁶ px from the area it is clamped, which
  /// keeps far-off points (outside a fixed range) from producing absurd coordinates.
  func x(_ value: Double, on axis: AxisScale) -> Double {
    clamp(left + axis.fraction(of: value) * width)
  }

  /// The pixel row of `value` on `axis` (the axis' lower end at the bottom).
  func y(_ value: Double, on axis: AxisScale) -> Double {
    clamp(bottom - axis.fraction(of: value) * height)
  }

  private func clamp(_ pixel: Double) -> Double {
    min(max(pixel, -1e6), 1e6)
  }
}
