// swift-tools-version: 6.1
import PackageDescription

// A package that uses bigram's libraries the way another project would. By default it depends on
// the checkout two levels up by path; with BIGRAM_PACKAGE_URL set (`.ci/run` sets it to a tagged
// clone) it depends on bigram as a *versioned* dependency, which SwiftPM refuses for any package
// whose targets carry unsafe flags: building it proves the libraries are usable as a dependency.
let bigram: Package.Dependency =
  Context.environment["BIGRAM_PACKAGE_URL"].map { .package(url: $0, from: "0.0.0") } ?? .package(path: "../..")

let package = Package(
  name: "Consumer",
  platforms: [.macOS(.v13)],
  dependencies: [bigram],
  targets: [
    .executableTarget(
      name: "Consumer",
      dependencies: [.product(name: "CharLM", package: "bigram"), .product(name: "Reports", package: "bigram")])
  ]
)
