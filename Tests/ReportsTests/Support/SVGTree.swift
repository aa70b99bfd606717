import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// An SVG document parsed with Foundation's XMLParser: parsing fails on anything that is not
/// well-formed XML, and the tree lets tests count and inspect elements.
final class SVGTree: NSObject, XMLParserDelegate {
  /// One element: its name, attributes, direct text and children.
  final class Node {
    let name: String
    let attributes: [String: String]
    var text = ""
    var children: [Node] = []

    init(name: String, attributes: [String: String]) {
      self.name = name
      self.attributes = attributes
    }

    /// This node and all its descendants, in document order.
    var all: [Node] { [self] + children.flatMap(\.all) }

    /// Descendants (and self) with the given element name.
    func elements(named name: String) -> [Node] { all.filter { $0.name == name } }

    /// Descendants (and self) whose `class` attribute is `className`.
    func elements(ofClass className: String) -> [Node] { all.filter { $0.attributes["class"] == className } }
  }

  struct ParseError: Error, CustomStringConvertible {
    var description: String
  }

  private var stack: [Node] = []
  private(set) var root: Node?

  /// Parses `text`, throwing when it is not well-formed XML.
  static func parse(_ text: String) throws -> Node {
    let tree = SVGTree()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = tree
    guard parser.parse(), let root = tree.root else {
      throw ParseError(
        description: "not well-formed XML: \(parser.parserError.map(String.init(describing:)) ?? "no root element")")
    }
    return root
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
    attributes attributeDict: [String: String] = [:]
  ) {
    let node = Node(name: elementName, attributes: attributeDict)
    stack.last?.children.append(node)
    if root == nil { root = node }
    stack.append(node)
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    stack.last?.text += string
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
  ) {
    stack.removeLast()
  }
}
