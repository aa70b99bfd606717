import ArgumentParser

/// The root `bigram` command; with no subcommand it runs the guided tour.
public struct BigramCommand: AsyncParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "bigram",
    abstract: "From bigram counts to a trained neural softmax language model.",
    subcommands: []
  )

  public init() {}

  public func run() async throws {
    print("bigram")
  }
}
