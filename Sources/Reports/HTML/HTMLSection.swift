/// One section of the HTML report: an anchor, a title and its body as markup.
public struct HTMLSection: Sendable, Equatable {
  /// The fragment identifier the table of contents links to, e.g. `corpus`.
  public let id: String
  /// The heading, e.g. "Corpus statistics".
  public let title: String
  /// The section's content as HTML (prose, formulas, tables, inline SVG).
  public let body: String

  /// Creates a section.
  public init(id: String, title: String, body: String) {
    self.id = id
    self.title = title
    self.body = body
  }
}
