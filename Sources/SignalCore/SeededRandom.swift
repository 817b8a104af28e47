import Foundation

/// A seeded pseudo-random generator (SplitMix64; Steele, Lea & Flood 2014), never the system RNG.
///
/// State advances by the golden-ratio increment 0x9E3779B97F4A7C15 and is mixed by the
/// Stafford variant-13 finaliser. Passes BigCrush; period 2^64. Same seed → same stream on every
/// platform. Conforms to `RandomNumberGenerator` so it can drive `shuffle(using:)`.
public struct SeededRandom: RandomNumberGenerator, Sendable, Equatable, Codable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform draw in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform draw in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * uniform() }

    /// Standard normal draw (Marsaglia polar method; consumes a variable number of uniforms).
    public mutating func normal() -> Double {
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0, s < 1 { return u * (-2 * log(s) / s).squareRoot() }
        }
    }

    /// Normal draw with mean `mean` and standard deviation `sd`.
    public mutating func normal(mean: Double, sd: Double) -> Double { mean + sd * normal() }

    /// Uniform integer in 0..<n (Lemire's nearly-divisionless method via the standard library).
    public mutating func index(_ n: Int) -> Int { Int.random(in: 0..<n, using: &self) }

    /// An independent stream derived from this seed and a label (e.g. a subject index), so that
    /// adding a stream does not shift the others.
    public static func derived(seed: UInt64, stream: UInt64) -> SeededRandom {
        var g = SeededRandom(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        _ = g.next()
        return g
    }
}
