import CharLM
import Foundation

/// A table of text cells rendered as RFC 4180 CSV: comma-separated, CRLF line ends, and a field
/// quoted (with `"` doubled) exactly when it contains a comma, a quote, CR or LF.
public struct CSVTable: Sendable, Equatable {
  /// The header row.
  public let header: [String]
  /// The data rows; each has `header.count` cells.
  public private(set) var rows: [[String]] = []

  /// Creates a table with the given header and no rows.
  public init(header: [String]) {
    self.header = header
  }

  /// Creates a table with one column per `columns` entry and one row per element of `rows`.
  public init<Row>(_ rows: some Sequence<Row>, columns: [CSVColumn<Row>]) {
    self.init(header: columns.map(\.name))
    for row in rows {
      append(columns.map { $0.value(row) })
    }
  }

  /// Appends a row of cells.
  ///
  /// - Precondition: `cells.count == header.count`.
  public mutating func append(_ cells: [String]) {
    precondition(cells.count == header.count, "CSV row has \(cells.count) cells, the header has \(header.count)")
    rows.append(cells)
  }

  /// The CSV text: the header line, then one line per row, each ended by CRLF.
  public var text: String {
    ([header] + rows).map { $0.map(Self.field).joined(separator: ",") + "\r\n" }.joined()
  }

  /// Writes ``text`` to `url` atomically (see `AtomicFile`).
  public func write(to url: URL) throws {
    try AtomicFile.write(text, to: url)
  }

  /// `cell` as an RFC 4180 field: unchanged, or wrapped in quotes with inner quotes doubled.
  public static func field(_ cell: String) -> String {
    // Matching on Unicode scalars, since "\r\n" is a single Character and would escape `contains`.
    let needsQuotes = cell.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
    guard needsQuotes else { return cell }
    return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
