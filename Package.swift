// swift-tools-version:6.0
// AffectWorkbench: affective signal processing from raw signals to calibrated, per-condition results.
// Layout and names: see README.md and ../shared/DESIGN.md. Each C library is wrapped by exactly one
// Swift module (CFFTW -> SignalCore, CSndFile -> AudioIO, COpenBLAS -> Fusion, CLibCrypto -> ContentHash).
import PackageDescription

let package = Package(
    name: "AffectWorkbench",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "affect", targets: ["AffectCLI"]),
        .library(
            name: "AffectWorkbench",
            targets: [
                "SignalCore", "AudioIO", "Tabular", "ContentHash", "Prosody", "FacialAU", "Physio", "Fusion",
                "Calibration", "Reporting", "Experiments",
            ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // System libraries (Debian packages; the README commands install them when missing).
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CSndFile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // Foundations.
        .target(name: "SignalCore", dependencies: ["CFFTW"]),
        .target(name: "ContentHash", dependencies: ["CLibCrypto"]),
        .target(name: "Tabular", dependencies: [.product(name: "CSV", package: "CSV.swift")]),
        .target(name: "AudioIO", dependencies: ["CSndFile", "SignalCore"]),

        // Signal stages.
        .target(name: "Prosody", dependencies: ["SignalCore"]),
        .target(name: "FacialAU", dependencies: ["SignalCore", "Tabular"]),
        .target(name: "Physio", dependencies: ["SignalCore", "Tabular"]),

        // Model, calibration, reporting, experiments.
        .target(name: "Fusion", dependencies: ["COpenBLAS", "SignalCore", "Tabular"]),
        .target(name: "Calibration", dependencies: ["SignalCore", "Tabular"]),
        .target(name: "Reporting", dependencies: ["SignalCore", "Calibration"]),
        .target(
            name: "Experiments",
            dependencies: [
                "SignalCore", "AudioIO", "Tabular", "ContentHash", "Prosody", "FacialAU", "Physio", "Fusion",
                "Calibration", "Reporting", .product(name: "Yams", package: "Yams"),
            ]),
        .executableTarget(
            name: "AffectCLI",
            dependencies: [
                "SignalCore", "AudioIO", "Tabular", "ContentHash", "Prosody", "FacialAU", "Physio", "Fusion",
                "Calibration", "Reporting", "Experiments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Tests: one target per module plus shared test support.
        .target(name: "AffectTestSupport", dependencies: ["SignalCore"], path: "Tests/AffectTestSupport"),
        .testTarget(
            name: "SignalCoreTests", dependencies: ["SignalCore", "AffectTestSupport"], exclude: ["Reference"]),
        .testTarget(name: "ContentHashTests", dependencies: ["ContentHash"]),
        .testTarget(
            name: "AudioIOTests", dependencies: ["AudioIO", "ContentHash", "AffectTestSupport"], exclude: ["Reference"]),
        .testTarget(name: "ProsodyTests", dependencies: ["Prosody", "AudioIO", "Tabular", "AffectTestSupport"]),
        .testTarget(
            name: "FacialAUTests", dependencies: ["FacialAU", "Tabular", "AffectTestSupport"], exclude: ["Scripts"]),
        .testTarget(
            name: "PhysioTests", dependencies: ["Physio", "Tabular", "AffectTestSupport"],
            resources: [.copy("Reference")]),
        .testTarget(
            name: "FusionTests", dependencies: ["Fusion", "Tabular", "AffectTestSupport"],
            resources: [.copy("Reference")]),
        .testTarget(
            name: "CalibrationTests", dependencies: ["Calibration", "Tabular", "AffectTestSupport"],
            exclude: ["Reference"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "Calibration", "AffectTestSupport"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "AffectTestSupport"]),
        .testTarget(name: "AffectCLITests", dependencies: ["AffectTestSupport"]),
    ]
)
