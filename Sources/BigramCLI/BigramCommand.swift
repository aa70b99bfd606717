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
      TourCommand.self, CountsCommand.self, SampleCommand.self, ScoreCommand.self, TrainCommand.self,
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
    } catch {
      let status = ExitStatus(for: error)
      if let message = status.message {
        FileHandle.standardError.write(Data("bigram: error: \(message)\n".utf8))
        exit(withError: ExitCode(status.code))
      }
      exit(withError: error)
    }
  }
}
