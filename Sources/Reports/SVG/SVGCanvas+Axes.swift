extension SVGCanvas {
  /// The y axis: a grid line, a tick mark and a label per tick (each group of class `y-tick`),
  /// the axis line, and the title rotated along it.
  mutating func drawYAxis(_ axis: AxisScale, in area: PlotArea, title: String) {
    for (value, label) in zip(axis.ticks, axis.labels) {
      let y = area.y(value, on: axis)
      open("g", ["class": "y-tick"])
      line(x1: area.left, y1: y, x2: area.right, y2: y, stroke: "#e6e6e6")
      line(x1: area.left - 5, y1: y, x2: area.left, y2: y, stroke: "#444444")
      text(label, x: area.left - 8, y: y + 4, anchor: "end", size: 11)
      close("g")
    }
    line(x1: area.left, y1: area.top, x2: area.left, y2: area.bottom, stroke: "#444444")
    text(title, x: area.left - 54, y: area.top + area.height / 2, size: 13, rotation: -90)
  }

  /// The x axis: grid lines, tick marks and labels (groups of class `x-tick`), the axis line
  /// and its title below.
  mutating func drawXAxis(_ axis: AxisScale, in area: PlotArea, title: String) {
    for (value, label) in zip(axis.ticks, axis.labels) {
      let x = area.x(value, on: axis)
      open("g", ["class": "x-tick"])
      line(x1: x, y1: area.top, x2: x, y2: area.bottom, stroke: "#e6e6e6")
      line(x1: x, y1: area.bottom, x2: x, y2: area.bottom + 5, stroke: "#444444")
      text(label, x: x, y: area.bottom + 18, size: 11)
      close("g")
    }
    line(x1: area.left, y1: area.bottom, x2: area.right, y2: area.bottom, stroke: "#444444")
    text(title, x: area.left + area.width / 2, y: area.bottom + 40, size: 13)
  }

  /// The chart title, centred above everything.
  mutating func drawTitle(_ title: String, width: Double) {
    text(title, x: width / 2, y: 24, size: 15, weight: "bold")
  }
}

/// Categorical series colours: matplotlib's "tab10" (Tableau 10), cycled.
let seriesPalette = [
  "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
]
