/// Placeholder until the real list lands.
public enum BuiltInNames {
  /// The corpus text, one lowercase name per line.
  public static let text = """
    anna
    bob
    """
}
