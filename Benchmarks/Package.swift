// swift-tools-version: 6.1
import PackageDescription

// The benchmarks of bigram, kept out of the root package so its users never build package-benchmark.
// `swift package --package-path Benchmarks benchmark` runs them; `Benchmarks/compare.sh` times the
// same tasks with the `swift-peer` executable, interleaved with the Python peers.
let package = Package(
  name: "BigramBenchmarks",
  platforms: [.macOS(.v13)],
  dependencies: [
    .package(name: "bigram", path: ".."),
    .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
  ],
  targets: [
    .target(
      name: "BenchmarkTasks",
      dependencies: [.product(name: "CharLM", package: "bigram")],
      path: "BenchmarkTasks"),
    .executableTarget(
      name: "BigramBenchmarks",
      dependencies: ["BenchmarkTasks", .product(name: "Benchmark", package: "benchmark")],
      path: "Benchmarks/BigramBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    .executableTarget(name: "swift-peer", dependencies: ["BenchmarkTasks"], path: "Tools/SwiftPeer"),
  ]
)
