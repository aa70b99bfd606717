/// One column of a CSV table built from rows of type `Row`: a header and how to render a cell.
public struct CSVColumn<Row> {
  /// The column's header cell.
  public var name: String
  /// The cell text for a row (quoted as needed when the table is rendered).
  public var value: (Row) -> String

  /// Creates a column named `name` whose cell for `row` is `value(row)`.
  public init(_ name: String, value: @escaping (Row) -> String) {
    self.name = name
    self.value = value
  }
}
