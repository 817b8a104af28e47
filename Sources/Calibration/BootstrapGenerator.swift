import SignalCore

/// Which seeded generator draws the bootstrap's row indices.
public enum BootstrapGenerator: String, Codable, Sendable, CaseIterable {
    /// SignalCore `SeededRandom` (SplitMix64), one index at a time with `index(n)` (Lemire's
    /// method via the standard library). The default, so that earlier outputs stay unchanged.
    case splitMix64 = "splitmix64"
    /// numpy `default_rng(seed)` with one `integers(0, n, n)` per resample (`NumPyPCG64`), the
    /// recipe of the reference bootstrap in calibration_reference.json: same seed, same rows.
    case numpyPCG64 = "numpy-pcg64"

    /// The method text of the bootstrap's JSON.
    var description: String {
        switch self {
        case .splitMix64: "SplitMix64 (SignalCore SeededRandom), index(n) per row"
        case .numpyPCG64: "numpy default_rng(seed) (SeedSequence, PCG64), integers(0, n, n) per resample"
        }
    }
}

/// One seeded stream of resampling indices (internal to the bootstrap).
struct ResampleStream {
    private var splitMix: SeededRandom
    private var pcg: NumPyPCG64?

    init(_ generator: BootstrapGenerator, seed: UInt64) {
        splitMix = SeededRandom(seed: seed)
        pcg = generator == .numpyPCG64 ? NumPyPCG64(seed: seed) : nil
    }

    /// n row indices drawn uniformly with replacement from 0..<n.
    mutating func indices(_ n: Int) -> [Int] {
        if pcg != nil { return pcg!.integers(below: n, count: n) }
        return (0..<n).map { _ in splitMix.index(n) }
    }
}
