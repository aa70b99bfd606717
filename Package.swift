// swift-tools-version: 6.1
import PackageDescription

// No unsafe flags: SwiftPM refuses a versioned dependency whose targets carry them, and CharLM and
// Reports are products other packages use (Utilities/Consumer proves it in CI). The numeric code
// runs 10–100× slower unoptimized, so the tests run on a release build with testing enabled (for
// `@testable import`): `swift test -c release -Xswiftc -enable-testing`, the command README and CI use.
// Dependencies point one way: Autodiff ← Optimization ← CharLM ← Reports ← BigramCLI ← bigram, and
// Autodiff ← Calculus ← BigramCLI.
let package = Package(
  name: "bigram",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "bigram", targets: ["bigram"]),
    .library(name: "CharLM", targets: ["CharLM"]),
    .library(name: "Reports", targets: ["Reports"]),
    .library(name: "Calculus", targets: ["Calculus"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // The MLP's dense loops in C, each compiled for AVX-512, AVX2 and baseline x86-64 and picked
    // at run time (target_clones): no -march flag, so one binary runs on any x86-64. (No -O2 as an
    // unsafe flag either: the tests and the product are release builds.)
    .target(name: "CKernels"),
    .target(name: "Autodiff", dependencies: ["CKernels"]),
    .target(name: "Optimization", dependencies: ["Autodiff"]),
    // The expression calculator of `bigram derive` (parser, derivatives, Taylor tables, Gaussian
    // elimination): it records expressions on the tape, but it is not autodiff.
    .target(name: "Calculus", dependencies: ["Autodiff"]),
    .target(name: "CharLM", dependencies: ["CKernels", "Autodiff", "Optimization"]),
    .target(name: "Reports", dependencies: ["CharLM"]),
    .target(
      name: "BigramCLI",
      dependencies: ["Reports", "Calculus", .product(name: "ArgumentParser", package: "swift-argument-parser")]
    ),
    .executableTarget(name: "bigram", dependencies: ["BigramCLI"]),

    .target(name: "TestSupport", dependencies: ["CharLM"], path: "Tests/TestSupport"),
    .testTarget(name: "AutodiffTests", dependencies: ["Autodiff", "TestSupport"]),
    .testTarget(name: "OptimizationTests", dependencies: ["Optimization", "TestSupport"]),
    .testTarget(name: "CalculusTests", dependencies: ["Calculus", "TestSupport"]),
    .testTarget(name: "CharLMTests", dependencies: ["CharLM", "TestSupport"]),
    .testTarget(name: "ReportsTests", dependencies: ["Reports", "TestSupport"]),
    .testTarget(name: "BigramCLITests", dependencies: ["BigramCLI", "TestSupport"]),
  ]
)
