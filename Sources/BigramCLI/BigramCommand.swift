import ArgumentParser
import CharLM
import Foundation

/// The root `bigram` command; with no subcommand it runs the guided tour on the built-in corpus.
public struct BigramCommand: ParsableCommand {
  /// The command tree.
  public static let configuration = CommandConfiguration(
    commandName: "bigram",
    abstract: "From bigram counts to a trained neural softmax language model, every step visible and checked.",
    discussion: """
      Run with no arguments for a guided tour on the built-in names. Shell completions: \
      bigram --generate-completion-script bash|zsh|fish.
      """,
    version: BigramCommand.version,
    subcommands: [
      TourCommand.self, CountsCommand.self, ContextsCommand.self, SampleCommand.self, ScoreCommand.self,
      TrainCommand.self,
      GradcheckCommand.self, TaylorCommand.self, LRSweepCommand.self, RaceCommand.self, DeriveCommand.self,
      HeatmapCommand.self, ReportCommand.self,
    ],
    defaultSubcommand: TourCommand.self
  )

  /// What `bigram --version` prints.
  public static let version = "bigram 0.2.0"

  /// Creates the root command (argument-parser needs it).
  public init() {}

  /// Parses the arguments, runs the command and maps failures to clear messages and exit codes.
  public static func main() {
    main(Array(CommandLine.arguments.dropFirst()))
  }

  /// Runs with explicit arguments (tests call this in-process).
  public static func main(_ arguments: [String]) {
    do {
      var command = try parseAsRoot(try MakemoreArguments.normalized(arguments))
      try command.run()
      try StandardStreams.flushOutput()
    } catch {
      // What was printed before the failure goes out first; the failure is the one to report.
      try? StandardStreams.flushOutput()
      let status = ExitStatus(for: error)
      if let message = status.message {
        let shown =
          status.isMultiline
          ? message.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalText.message(String($0)) }
            .joined(separator: "\n") : TerminalText.message(message)
        StandardStreams.error("bigram: error: \(shown)\n")
        Foundation.exit(status.code)
      }
      // argument-parser's own messages (usage errors, help) echo the arguments too: the same
      // escaping, and stdout checked like every command's.
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if code == .success {
        if !message.isEmpty { print(message) }
        do { try StandardStreams.flushOutput() } catch { main(failingWith: error) }
      } else if !message.isEmpty {
        StandardStreams.error(TerminalText.output(message) + "\n")
      }
      Foundation.exit(code.rawValue)
    }
  }

  // Reports a failure that happened while reporting success (help on a full stdout).
  private static func main(failingWith error: any Error) -> Never {
    let status = ExitStatus(for: error)
    StandardStreams.error("bigram: error: \(TerminalText.message(status.message ?? "\(error)"))\n")
    Foundation.exit(status.code)
  }
}
