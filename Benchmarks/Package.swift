// swift-tools-version:6.0
// Speed benchmarks: not built by the test command. Run from the repository root with
//   swift run -c release --package-path Benchmarks affect-bench CASE [options]
// and compare with the Python anchors in Benchmarks/anchors (see RESULTS.md for the commands).
import PackageDescription

let package = Package(
    name: "AffectBenchmarks",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "affect-bench", targets: ["AffectBench"])],
    dependencies: [
        .package(path: "AffectWorkbench"),  // symlink to the repository root (stable package identity)
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .executableTarget(
            name: "AffectBench",
            dependencies: [
                .product(name: "AffectWorkbench", package: "AffectWorkbench"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/AffectBench")
    ]
)
