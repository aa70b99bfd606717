/// A colour map: evenly spaced anchor colours, linearly interpolated in sRGB, as matplotlib's
/// `LinearSegmentedColormap.from_list` does.
struct ColorMap: Sendable {
  /// An sRGB colour with channels in 0…1.
  struct Color: Equatable, Sendable {
    var red: Double
    var green: Double
    var blue: Double

    /// Parses `#rrggbb`; the anchors below are literals, so a bad one is a programming error.
    init(hex: String) {
      let digits = hex.dropFirst()
      guard digits.count == 6, let value = UInt32(digits, radix: 16) else {
        preconditionFailure("ColorMap anchor \(hex) is not #rrggbb")
      }
      red = Double(value >> 16 & 0xFF) / 255
      green = Double(value >> 8 & 0xFF) / 255
      blue = Double(value & 0xFF) / 255
    }

    init(red: Double, green: Double, blue: Double) {
      (self.red, self.green, self.blue) = (red, green, blue)
    }

    /// `#rrggbb`, each channel rounded to the nearest of 0…255.
    var hex: String {
      let bytes = [red, green, blue].map { Int(($0 * 255).rounded()) }
      return "#" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Rec. 601 luma, 0.299 R + 0.587 G + 0.114 B: below one half, white text reads better.
    var isDark: Bool { 0.299 * red + 0.587 * green + 0.114 * blue < 0.5 }
  }

  /// The anchors, from t = 0 to t = 1.
  let anchors: [Color]

  /// ColorBrewer's 9-class "Blues" (Brewer, colorbrewer2.org), the anchors of matplotlib's Blues.
  static let blues = ColorMap(
    anchors: ["#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"]
      .map(Color.init(hex:)))

  /// ColorBrewer's 11-class "RdBu" reversed (matplotlib's RdBu_r) with a pure white centre, so
  /// that negative is blue, zero white and positive red.
  static let blueWhiteRed = ColorMap(
    anchors: [
      "#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#ffffff", "#fddbc7", "#f4a582", "#d6604d", "#b2182b",
      "#67001f",
    ].map(Color.init(hex:)))

  /// The colour at position `t`, clamped to 0…1 (NaN, which has no place, takes the low end rather
  /// than trapping in the conversion to an anchor index).
  func color(at t: Double) -> Color {
    let position = (t.isNaN ? 0 : min(max(t, 0), 1)) * Double(anchors.count - 1)
    let index = min(Int(position), anchors.count - 2)
    let fraction = position - Double(index)
    let (a, b) = (anchors[index], anchors[index + 1])
    return Color(
      red: a.red + (b.red - a.red) * fraction, green: a.green + (b.green - a.green) * fraction,
      blue: a.blue + (b.blue - a.blue) * fraction)
  }
}
