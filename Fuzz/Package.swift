// swift-tools-version: 6.1
import Foundation
import PackageDescription

// libFuzzer targets for bigram's loaders, one executable per loader (see README.md, run.sh).
// They depend on the root package by path, so the root Package.swift stays free of fuzzing.
// A path dependency is named by its folder, whatever the checkout is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
  name: "bigram-fuzz",
  platforms: [.macOS(.v13)],
  dependencies: [.package(path: "..")],
  targets: [
    .target(name: "CFuzzerDriver"),
    .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver"]),
    .executableTarget(
      name: "FuzzCorpus", dependencies: ["FuzzSupport", .product(name: "CharLM", package: root)]),
    .executableTarget(
      name: "FuzzCheckpoint", dependencies: ["FuzzSupport", .product(name: "CharLM", package: root)]),
    .executableTarget(
      name: "FuzzNumPy",
      dependencies: ["FuzzSupport", .product(name: "Reports", package: root), .product(name: "CharLM", package: root)]),
    .executableTarget(
      name: "FuzzARPA", dependencies: ["FuzzSupport", .product(name: "CharLM", package: root)]),
    .executableTarget(
      name: "FuzzExpression",
      dependencies: [
        "FuzzSupport", .product(name: "Calculus", package: root), .product(name: "CharLM", package: root),
      ]),
  ]
)
