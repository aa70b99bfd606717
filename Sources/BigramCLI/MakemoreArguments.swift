/// The command line before argument-parser sees it: a mistyped command is refused with a
/// suggestion (instead of reaching the tour, the default command, as an unexpected argument), and
/// makemore's spellings that are not plain option aliases are translated:
///
/// - `train --resume` with no directory after it resumes the run in `--work-dir DIR` (or `-o`,
///   `--output`); `--resume DIR` keeps working;
/// - `train --sample-only --work-dir DIR …` samples from the run in DIR and exits, as
///   `bigram sample --model DIR …` (the sampling options pass through; others are refused by
///   `sample`, with the reason).
enum MakemoreArguments {
  /// The subcommands a first argument may name (argument-parser's `help` included).
  static var commandNames: [String] {
    BigramCommand.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
  }

  /// `arguments` with makemore's spellings translated.
  ///
  /// - Throws: ``CommandFailure`` (exit 64) for an unknown command, or for `--resume` /
  ///   `--sample-only` without a work directory.
  static func normalized(_ arguments: [String]) throws -> [String] {
    guard let first = arguments.first, !first.hasPrefix("-") else { return arguments }
    guard commandNames.contains(first) else {
      let hint = suggestion(for: first).map { "; did you mean '\($0)'?" } ?? ""
      throw CommandFailure(
        message: "unknown command '\(first)'\(hint) (commands: "
          + commandNames.filter { $0 != "help" }.joined(separator: ", ") + "; `bigram --help` explains them)",
        exitCode: 64)
    }
    guard first == "train" else { return arguments }
    var rest = Array(arguments.dropFirst())
    let workDirectory = value(after: ["-o", "--output", "--work-dir"], in: rest)
    if let flag = rest.firstIndex(of: "--sample-only") {
      guard let workDirectory else {
        throw CommandFailure(
          message: "--sample-only needs the run's directory: --work-dir DIR (or -o DIR)", exitCode: 64)
      }
      rest.remove(at: flag)
      rest = removing(["-o", "--output", "--work-dir"], from: rest)
      return ["sample", "--model", workDirectory] + rest
    }
    if let flag = rest.firstIndex(of: "--resume"), flag + 1 == rest.count || rest[flag + 1].hasPrefix("-") {
      guard let workDirectory else {
        throw CommandFailure(
          message: "--resume needs a directory: --resume DIR, or --resume with --work-dir DIR (or -o DIR)",
          exitCode: 64)
      }
      rest.insert(workDirectory, at: flag + 1)
    }
    return ["train"] + rest
  }

  /// The known command closest to `name` by edit distance, if it is at most 2 edits away (or
  /// `name` is a prefix of exactly one command).
  static func suggestion(for name: String) -> String? {
    let names = commandNames.filter { $0 != "help" }
    let prefixed = names.filter { $0.hasPrefix(name) }
    if prefixed.count == 1 { return prefixed[0] }
    let scored = names.map { ($0, editDistance(Array(name), Array($0))) }
    guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return nil }
    return best.0
  }

  /// The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
  /// neighbours each count 1, so "trian" is 1 from "train".
  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
        if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
          table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
        }
      }
    }
    return table[a.count][b.count]
  }

  // The value of the last of `names` given as "--name VALUE" or "--name=VALUE".
  private static func value(after names: [String], in arguments: [String]) -> String? {
    var found: String?
    for (index, argument) in arguments.enumerated() {
      if names.contains(argument), index + 1 < arguments.count { found = arguments[index + 1] }
      for name in names where name.hasPrefix("--") && argument.hasPrefix(name + "=") {
        found = String(argument.dropFirst(name.count + 1))
      }
    }
    return found
  }

  // `arguments` without any of `names` and their values.
  private static func removing(_ names: [String], from arguments: [String]) -> [String] {
    var kept: [String] = []
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      if names.contains(argument) {
        index += 2
        continue
      }
      if !names.contains(where: { $0.hasPrefix("--") && argument.hasPrefix($0 + "=") }) { kept.append(argument) }
      index += 1
    }
    return kept
  }
}
