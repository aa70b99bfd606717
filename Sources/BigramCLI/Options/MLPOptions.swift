import ArgumentParser
import CharLM

/// The model kinds `bigram train` trains.
enum ModelKind: String, ExpressibleByArgument, CaseIterable {
  /// The one-layer softmax bigram (one-hot · W).
  case softmax
  /// The character MLP of Bengio et al. 2003.
  case mlp
}

/// `--context`, `--embedding`, `--hidden`, … and the data splits: the MLP's flags of `bigram train` (the
/// splits, `--split`, `--split-seed`, `--train/--dev/--test`, serve the softmax bigram too).
/// Optional where the default is the lecture's, so that giving one to the softmax model is refused
/// instead of ignored.
struct MLPOptions: ParsableArguments {
  @Option(help: "MLP: the number of previous characters seen (default 3).")
  var context: Int?
  @Option(help: "MLP: the embedding width d of each character (default 10).")
  var embedding: Int?
  @Option(help: "MLP: the width H of each hidden layer (default 200).")
  var hidden: Int?
  @Option(help: "MLP: the number of hidden layers (default 1; the hierarchical model has log2(context)).")
  var layers: Int?
  @Flag(
    name: .customLong("batch-norm"), inversion: .prefixedNo,
    help: "MLP: BatchNorm after each hidden Linear (default on).")
  var batchNorm: Bool?
  @Flag(help: "MLP: merge pairs of positions level by level (makemore part 5); the context must be a power of 2.")
  var hierarchical = false
  @Flag(help: "MLP: direct connections from the embeddings to the logits (Bengio 2003).")
  var direct = false
  @Option(name: .customLong("eval-every"), help: "MLP: full train and dev NLL every K updates (default 10000).")
  var evalEvery: Int?
  @Option(
    help: ArgumentHelp(
      "Split -i into train,dev,test percentages, shuffled with --split-seed: train on the first, report dev and test NLL (the MLP splits 80,10,10 by default).",
      valueName: "a,b,c"))
  var split: String?
  @Option(name: .customLong("split-seed"), help: "Seed of the split's shuffle (default 42).")
  var splitSeed: UInt64?
  @Option(name: .customLong("train"), help: "The training words (instead of splitting -i).")
  var trainFile: String?
  @Option(name: .customLong("dev"), help: "The dev words (with --train), scored by the trained model.")
  var devFile: String?
  @Option(name: .customLong("test"), help: "The test words (with --train; optional).")
  var testFile: String?

  /// The flags given, by name (refused for the softmax model).
  var givenFlags: [String] {
    let given: [(Bool, String)] = [
      (context != nil, "--context"), (embedding != nil, "--embedding"), (hidden != nil, "--hidden"),
      (layers != nil, "--layers"), (batchNorm != nil, "--batch-norm/--no-batch-norm"),
      (hierarchical, "--hierarchical"), (direct, "--direct"), (evalEvery != nil, "--eval-every"),
      (split != nil, "--split"), (splitSeed != nil, "--split-seed"), (trainFile != nil, "--train"),
      (devFile != nil, "--dev"), (testFile != nil, "--test"),
    ]
    return given.filter(\.0).map(\.1)
  }

  /// The architecture these flags describe.
  var configuration: MLPConfiguration {
    var configuration = MLPConfiguration()
    configuration.context = context ?? configuration.context
    configuration.embedding = embedding ?? configuration.embedding
    configuration.hidden = hidden ?? configuration.hidden
    configuration.hierarchical = hierarchical
    configuration.layers = layers ?? (hierarchical ? max(1, configuration.context.trailingZeroBitCount) : 1)
    configuration.batchNorm = batchNorm ?? true
    configuration.direct = direct
    return configuration
  }

  /// The split percentages (default 80,10,10).
  func percentages() throws -> [Int] {
    guard let split else { return [80, 10, 10] }
    let parts = split.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
    guard parts.count == 3, let values = parts as? [Int], values.allSatisfy({ $0 >= 0 }), values.reduce(0, +) == 100,
      values[0] > 0
    else {
      throw ValidationError(
        "--split takes three whole percentages summing to 100 with train > 0, e.g. 80,10,10; got \(split)")
    }
    return values
  }

  func validate() throws {
    if let problem = configuration.problem { throw ValidationError(problem) }
    if hierarchical, let layers, layers != configuration.context.trailingZeroBitCount {
      throw ValidationError(
        "--hierarchical builds log2(context) = \(configuration.context.trailingZeroBitCount) layers; "
          + "drop --layers \(layers) or change --context")
    }
    if let evalEvery, evalEvery < 1 { throw ValidationError("--eval-every must be at least 1; got \(evalEvery)") }
    _ = try percentages()
    if trainFile != nil, split != nil || splitSeed != nil {
      throw ValidationError("--split/--split-seed split -i; with --train/--dev/--test the files are the split")
    }
    if (devFile != nil || testFile != nil), trainFile == nil {
      throw ValidationError("--dev and --test go with --train FILE")
    }
    if trainFile != nil, devFile == nil {
      throw ValidationError("--train needs --dev FILE (the best model is chosen on it)")
    }
  }
}
