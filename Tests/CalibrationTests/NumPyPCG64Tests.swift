import Calibration
import Foundation
import Testing

/// NumPyPCG64 against numpy 2.4.6 (Reference/pcg64_reference.json, made by
/// Reference/make_pcg64_reference.py), and the reference bootstrap of calibration_reference.json
/// reproduced with it.
@Suite struct NumPyPCG64Tests {
    /// Parsed on each access (a few kB; no shared mutable state).
    static var reference: [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Reference/pcg64_reference.json")
        guard let data = try? Data(contentsOf: url),
            let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return obj
    }

    static func ints(_ key: String) throws -> [Int] {
        try #require(reference[key] as? [Any]).map { try #require(($0 as? NSNumber)?.intValue) }
    }

    static func check(_ key: String, _ got: [Int]) throws {
        let want = try ints(key)
        #expect(got == want, "\(key)")
    }

    static func u128(_ s: String) throws -> UInt128 { try #require(UInt128(s)) }

    /// Seeding (SeedSequence pool and state, PCG64 state and increment) and the first 20 raw
    /// outputs for seeds 12345, 0, 1, 2⁶⁴ − 1 and 2⁷⁰ + 3 (three entropy words).
    @Test func rawOutputs() throws {
        let cases = try #require(Self.reference["cases"] as? [[String: Any]])
        #expect(cases.count == 5)
        for c in cases {
            let seed = try Self.u128(try #require(c["seed"] as? String))
            var words: [UInt32] = []
            var rest = seed
            repeat {
                words.append(UInt32(truncatingIfNeeded: rest))
                rest >>= 32
            } while rest > 0
            var g = NumPyPCG64(entropy: words)
            if seed <= UInt128(UInt64.max) { #expect(g == NumPyPCG64(seed: UInt64(seed))) }
            let state = try Self.u128(try #require(c["initial_state"] as? String))
            let inc = try Self.u128(try #require(c["initial_inc"] as? String))
            #expect(g.state == state, "seed \(seed)")
            #expect(g.increment == inc, "seed \(seed)")
            let raw = try #require(c["raw"] as? [String]).map { UInt64($0) }
            #expect(raw.count == 20)
            for (i, r) in raw.enumerated() { #expect(g.next() == r, "seed \(seed), output \(i)") }
        }
    }

    /// `integers(0, n, size)` on every path: 32-bit Lemire (n = 4000, 2000), the buffered upper
    /// half carried into the next call, frequent rejections (n = 3·10⁹), 64-bit Lemire (2⁴⁰),
    /// plain 32-bit draws (2³²) and the no-draw range n = 1.
    @Test func integers() throws {
        var g = NumPyPCG64(seed: 12345)
        try Self.check("integers_4000_first50", Array(g.integers(below: 4000, count: 4000).prefix(50)))
        g = NumPyPCG64(seed: 12345)
        let carried = g.integers(below: 4000, count: 3) + g.integers(below: 2000, count: 3)
        try Self.check("integers_4000x3_then_2000x3", carried)
        g = NumPyPCG64(seed: 7)
        try Self.check("integers_3e9_seed7_first20", g.integers(below: 3_000_000_000, count: 20))
        g = NumPyPCG64(seed: 7)
        try Self.check("integers_2pow40_seed7_first10", g.integers(below: 1 << 40, count: 10))
        g = NumPyPCG64(seed: 7)
        try Self.check("integers_2pow32_seed7_first10", g.integers(below: 1 << 32, count: 10))
        g = NumPyPCG64(seed: 7)
        let zeros = try #require(Self.reference["integers_1_seed7_then_raw"] as? [Any])
        #expect(g.integers(below: 1, count: 5) == [0, 0, 0, 0, 0])
        let after = UInt64(try #require(zeros.last as? String))
        #expect(zeros.count == 6 && g.next() == after)
    }

    /// The whole index stream of the reference bootstrap (1000 × integers(0, n, n), seed 12345):
    /// index sums of the first and last five replicates and the next raw output afterwards.
    @Test(arguments: [4000, 2000])
    func bootstrapStream(n: Int) throws {
        var g = NumPyPCG64(seed: 12345)
        var sums: [Int] = []
        for _ in 0..<1000 { sums.append(g.integers(below: n, count: n).reduce(0, +)) }
        try Self.check("bootstrap_\(n)_index_sums_first5_last5", Array(sums.prefix(5) + sums.suffix(5)))
        let next = try #require(Self.reference["bootstrap_\(n)_next_raw"] as? String)
        #expect(g.next() == UInt64(next))
    }

    /// calibration_reference.json `bootstrap_ece15_toplabel_95ci` (n_boot 1000, seed 12345,
    /// default_rng + integers(0, n, n); 15-bin right-closed top-label ECE per replicate; numpy
    /// mean, std with ddof = 1, percentile 2.5 / 97.5 linear) reproduced to ≤ 1e-12 for every set,
    /// all rows and the test split.
    @Test(arguments: Ref.sets)
    func referenceBootstrap(set: String) throws {
        for (part, split) in [("all_4000", nil), ("test_2000_uncalibrated", 1)] as [(String, Int?)] {
            let p = try Ref.predictions(set, split: split)
            let base = "sets/\(set)/\(part)/bootstrap_ece15_toplabel_95ci/"
            #expect(Ref.number(base + "n_boot") == 1000 && Ref.number(base + "seed") == 12345)
            let b = Bootstrap(replicates: 1000, seed: 12345, level: 0.95, generator: .numpyPCG64)
            let values = try b.replicateValues(p) { CalibrationMetrics.topLabelECE($0, bins: 15) }
            let s = b.summary(values)
            let full = CalibrationMetrics.topLabelECE(p, bins: 15)
            for (name, ours) in [
                ("mean", s.mean), ("std", s.sd), ("percentile_lo", s.interval.lower),
                ("percentile_hi", s.interval.upper),
            ] {
                let ref = try #require(Ref.number(base + name))
                #expect(abs(ours - ref) <= 1e-12, "\(set) \(part) \(name): \(ours) vs \(ref)")
            }
            #expect(s.interval.lower <= full && full <= s.interval.upper)
            #expect(s.interval.replicates == 1000)
        }
    }
}
