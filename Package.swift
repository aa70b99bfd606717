// swift-tools-version: 6.1
import PackageDescription

// The numeric modules (vectorized exp/log, chunked softmax, Jacobi sweeps, training loops) run
// 10–100× slower unoptimized, which would make `swift test` on names.txt crawl; they are compiled
// with -O in debug builds too (tests still see their internals through -enable-testing).
let optimizedEvenInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

// Dependencies point one way: Autodiff ← Optimization ← CharLM ← Reports ← BigramCLI ← bigram.
let package = Package(
  name: "bigram",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "bigram", targets: ["bigram"]),
    .library(name: "CharLM", targets: ["CharLM"]),
    .library(name: "Reports", targets: ["Reports"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // The MLP's dense loops in C, each compiled for AVX-512, AVX2 and baseline x86-64 and picked
    // at run time (target_clones): no -march flag, so one binary runs on any x86-64.
    .target(name: "CKernels", cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]),
    .target(name: "Autodiff", dependencies: ["CKernels"], swiftSettings: optimizedEvenInDebug),
    .target(name: "Optimization", dependencies: ["Autodiff"], swiftSettings: optimizedEvenInDebug),
    .target(name: "CharLM", dependencies: ["Autodiff", "Optimization"], swiftSettings: optimizedEvenInDebug),
    .target(name: "Reports", dependencies: ["CharLM"]),
    .target(
      name: "BigramCLI",
      dependencies: ["Reports", .product(name: "ArgumentParser", package: "swift-argument-parser")]
    ),
    .executableTarget(name: "bigram", dependencies: ["BigramCLI"]),

    .target(name: "TestSupport", dependencies: ["CharLM"], path: "Tests/TestSupport"),
    .testTarget(name: "AutodiffTests", dependencies: ["Autodiff", "TestSupport"]),
    .testTarget(name: "OptimizationTests", dependencies: ["Optimization", "TestSupport"]),
    .testTarget(name: "CharLMTests", dependencies: ["CharLM", "TestSupport"]),
    .testTarget(name: "ReportsTests", dependencies: ["Reports", "TestSupport"]),
    .testTarget(name: "BigramCLITests", dependencies: ["BigramCLI", "TestSupport"]),
  ]
)
