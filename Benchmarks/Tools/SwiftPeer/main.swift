// swift-peer: times one task the way the Python peers do and prints the same JSON object, so
// Benchmarks/compare.sh can interleave bigram with NumPy, PyTorch and JAX in one run.
//
//   swift-peer TASK [names.txt] [--repeat N] [--variant NAME] [--synthetic-mb MB] [--no-check]
//
// --no-check skips the check (for profilers only: the figures then prove nothing).
//
//   swift-peer growth [names.txt]
//
// prints the cost-growth table (three sizes per cost) as Markdown instead, and
//
//   swift-peer count-file PATH
//
// counts one file with BigramCounts(contentsOfFile:) and prints its events and seconds (for
// measuring peak memory on a large file with /usr/bin/time -v).
// Setup is outside the timed region; each variant is called once to warm up, then N times.
import BenchmarkTasks
import CharLM
import Foundation

struct Arguments {
  var task: BenchmarkTask
  var data = Workload.defaultPath
  var repeatCount: Int?
  var variant: String?
  var syntheticMegabytes = 25.0
  var checks = true

  init(_ arguments: [String]) throws {
    let usage =
      "usage: swift-peer TASK [names.txt] [--repeat N] [--variant NAME] [--synthetic-mb MB]; "
      + "TASK is one of \(BenchmarkTask.allCases.map(\.rawValue).joined(separator: ", "))"
    var rest = arguments[...]
    guard let name = rest.popFirst(), let task = BenchmarkTask(rawValue: name) else { throw CheckFailure(usage) }
    self.task = task
    while let argument = rest.popFirst() {
      switch argument {
      case "--repeat":
        guard let value = rest.popFirst().flatMap(Int.init), value >= 1 else {
          throw CheckFailure("--repeat needs a count ≥ 1")
        }
        repeatCount = value
      case "--variant":
        guard let value = rest.popFirst() else { throw CheckFailure("--variant needs a name") }
        variant = value
      case "--no-check":
        checks = false
      case "--synthetic-mb":
        guard let value = rest.popFirst().flatMap(Double.init), value > 0 else {
          throw CheckFailure("--synthetic-mb needs a size in MB > 0")
        }
        syntheticMegabytes = value
      default:
        guard !argument.hasPrefix("-") else { throw CheckFailure("unknown option \(argument); \(usage)") }
        data = argument
      }
    }
  }
}

/// One variant's figures, as the peers' `common.result`.
struct VariantResult: Encodable {
  let variant: String
  let samplesSeconds: [Double]
  let medianSeconds: Double
  let finalLoss: Double?
  let notes: String
  let extras: [String: Double]

  enum CodingKeys: String, CodingKey {
    case variant, samplesSeconds = "samples_seconds", medianSeconds = "median_seconds", finalLoss = "final_loss", notes
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(variant, forKey: .variant)
    try container.encode(samplesSeconds, forKey: .samplesSeconds)
    try container.encode(medianSeconds, forKey: .medianSeconds)
    // The peers print null where no loss applies; keep the key.
    if let finalLoss {
      try container.encode(finalLoss, forKey: .finalLoss)
    } else {
      try container.encodeNil(forKey: .finalLoss)
    }
    try container.encode(notes, forKey: .notes)
    var extra = encoder.container(keyedBy: ExtraKey.self)
    for (key, value) in extras.sorted(by: { $0.key < $1.key }) { try extra.encode(value, forKey: ExtraKey(key)) }
  }
}

struct ExtraKey: CodingKey {
  let stringValue: String
  var intValue: Int? { nil }
  init(_ string: String) { stringValue = string }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

/// The JSON object, as the peers' `common.emit`: the first variant at top level, all under "variants".
struct Report: Encodable {
  let task: String
  let results: [VariantResult]
  let repeatCount: Int
  let corpus: String

  enum Key: String, CodingKey { case peer, task, variants, `repeat`, corpus, versions, cpuCount = "cpu_count" }

  func encode(to encoder: any Encoder) throws {
    try results[0].encode(to: encoder)
    var container = encoder.container(keyedBy: Key.self)
    try container.encode("swift", forKey: .peer)
    try container.encode(task, forKey: .task)
    try container.encode(results, forKey: .variants)
    try container.encode(repeatCount, forKey: .repeat)
    try container.encode(corpus, forKey: .corpus)
    try container.encode(["swift": "6.3", "build": "release"], forKey: .versions)
    try container.encode(ProcessInfo.processInfo.activeProcessorCount, forKey: .cpuCount)
  }
}

func measure(_ variant: Variant, repeatCount: Int, checks: Bool) throws -> VariantResult {
  let operation = try variant.prepare()
  let clock = ContinuousClock()
  operation()
  var samples: [Double] = []
  for _ in 0..<repeatCount {
    let start = clock.now
    operation()
    let elapsed = clock.now - start
    samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
  }
  let figure = checks ? try variant.check() : nil
  let sorted = samples.sorted()
  let median =
    sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
  return VariantResult(
    variant: variant.name, samplesSeconds: samples, medianSeconds: median, finalLoss: figure, notes: variant.notes,
    extras: variant.extras)
}

/// The cost-growth table as Markdown rows.
func printGrowth(names: String) throws {
  print("| cost | size | median | per unit |")
  print("| --- | --- | ---: | --- |")
  for point in try Growth.measure(try Workload(path: names)) {
    let time =
      point.seconds >= 1e-3
      ? String(format: "%.2f ms", point.seconds * 1e3) : String(format: "%.2f µs", point.seconds * 1e6)
    print("| \(point.cost) | \(point.size) | \(time) | \(point.note) |")
  }
}

do {
  if CommandLine.arguments.dropFirst().first == "count-file", let path = CommandLine.arguments.dropFirst(2).first {
    let clock = ContinuousClock()
    let start = clock.now
    let counts = try BigramCounts(contentsOfFile: path)
    print("\(path): \(counts.total) events, V = \(counts.size), \(clock.now - start)")
    exit(0)
  }
  if CommandLine.arguments.dropFirst().first == "growth" {
    try printGrowth(names: CommandLine.arguments.dropFirst(2).first ?? Workload.defaultPath)
    exit(0)
  }
  let arguments = try Arguments(Array(CommandLine.arguments.dropFirst()))
  let workload = try Workload(path: arguments.data)
  var variants = arguments.task.variants(on: workload, syntheticMegabytes: arguments.syntheticMegabytes)
  if let wanted = arguments.variant {
    variants = variants.filter { $0.name == wanted }
    guard !variants.isEmpty else {
      throw CheckFailure("task \(arguments.task.rawValue) has no variant \(wanted)")
    }
  }
  let repeatCount = arguments.repeatCount ?? arguments.task.defaultRepeat
  let results = try variants.map { try measure($0, repeatCount: repeatCount, checks: arguments.checks) }
  let encoder = JSONEncoder()
  let json = try encoder.encode(
    Report(task: arguments.task.rawValue, results: results, repeatCount: repeatCount, corpus: arguments.data))
  print(String(decoding: json, as: UTF8.self))
} catch {
  FileHandle.standardError.write(Data("swift-peer: \(error)\n".utf8))
  exit(1)
}
