import AffectTestSupport
import Calibration
import Foundation
import SignalCore
import Tabular
import Testing

@Suite struct BootstrapGroupTests {
    static let fast = MetricOptions(smoothECE: false)

    /// Same seed → identical intervals; a different seed gives different draws.
    @Test func bootstrapDeterministic() throws {
        let p = try Ref.predictions("binary_overconfident", split: 1)
        let b = Bootstrap(replicates: 20, seed: 7)
        let one = try b.intervals(p, options: Self.fast)
        let two = try b.intervals(p, options: Self.fast)
        #expect(one.map(\.1) == two.map(\.1))
        let other = try Bootstrap(replicates: 20, seed: 8).intervals(p, options: Self.fast)
        #expect(one.map(\.1) != other.map(\.1))
    }

    /// Every headline interval covers the full-data value (100 replicates).
    @Test func bootstrapCovers() throws {
        let p = try Ref.predictions("binary_overconfident")
        let one = try Bootstrap(replicates: 100, seed: 7).intervals(p, options: Self.fast)
        let full = try CalibrationMetrics.report(p, options: Self.fast)
        let iv = Dictionary(uniqueKeysWithValues: one)
        for name in ["ece", "ece_adaptive", "mce", "ece_classwise", "ace_nixon", "brier", "nll", "aurc", "accuracy"] {
            let v = try #require(full.value(name))
            let i = try #require(iv[name])
            #expect(i.lower <= v && v <= i.upper, "\(name): \(v) outside [\(i.lower), \(i.upper)]")
            #expect(i.replicates == 100)
        }
        // The reference's numpy (PCG64) bootstrap of the 15-bin ECE uses another generator, so only
        // the width is comparable: ours within 30 % of its 95 % interval width.
        let refLo = try #require(
            Ref.number("sets/binary_overconfident/all_4000/bootstrap_ece15_toplabel_95ci/percentile_lo"))
        let refHi = try #require(
            Ref.number("sets/binary_overconfident/all_4000/bootstrap_ece15_toplabel_95ci/percentile_hi"))
        let ours = iv["ece"]!.upper - iv["ece"]!.lower
        #expect(abs(ours / (refHi - refLo) - 1) < 0.3)
    }

    /// Per-group metrics equal the metrics of the group's rows alone; differences are a − b with
    /// intervals; the two split halves of one set are compared as "conditions".
    @Test func groupsAndDifferences() throws {
        let t = try Ref.table("multiclass4_overconfident")
        let p = try Predictions(table: t, columns: PredictionColumns(group: "split"))
        let cmp = try GroupComparison.compute(p, options: Self.fast, bootstrap: Bootstrap(replicates: 30, seed: 1))
        #expect(cmp.groups.map(\.name) == ["0", "1"])
        let test = try Ref.predictions("multiclass4_overconfident", split: 1)
        let direct = try CalibrationMetrics.report(test, options: Self.fast)
        #expect(cmp.groups[1].report.value("ece") == direct.value("ece"))
        let d = try #require(cmp.differences.first { $0.metric == "ece" })
        #expect(d.a == "0" && d.b == "1")
        #expect(abs(d.value - (cmp.groups[0].report.value("ece")! - direct.value("ece")!)) < 1e-15)
        let iv = try #require(d.interval)
        #expect(iv.lower < d.value && d.value < iv.upper)
        let json = cmp.json
        #expect(json.by.rendered().contains("\"ci\""))
        #expect(json.differences.rendered().contains("\"0 - 1\""))
    }

    @Test func groupsRequired() throws {
        let p = try Ref.predictions("binary_overconfident")
        #expect(throws: CalibrationError.self) { try GroupComparison.compute(p) }
    }

    /// Risk–coverage: AURC on a hand-made example and the abstention threshold for a target risk.
    @Test func riskCoverageAndAbstention() throws {
        // Confidences 0.9 (correct), 0.8 (wrong), 0.7 (correct), 0.6 (correct).
        let rc = RiskCoverage(confidence: [0.7, 0.9, 0.6, 0.8], correct: [1, 1, 1, 0])
        #expect(rc.risk == [0, 0.5, 1.0 / 3, 0.25])
        #expect(abs(rc.aurc - (0 + 0.5 + 1.0 / 3 + 0.25) / 4) < 1e-15)
        let a = try #require(rc.abstention(targetRisk: 0.3))
        #expect(a.threshold == 0.6 && a.coverage == 1 && a.risk == 0.25)
        let strict = try #require(rc.abstention(targetRisk: 0.1))
        #expect(strict.threshold == 0.9 && strict.coverage == 0.25)
        // Ties: a cut inside a run of equal confidences is not allowed.
        let tied = RiskCoverage(confidence: [0.9, 0.9], correct: [1, 0])
        #expect(tied.abstention(targetRisk: 0.1) == nil)
        // Through the report.
        let p = try Ref.predictions("multiclass4_overconfident")
        let r = try CalibrationMetrics.report(p, options: MetricOptions(smoothECE: false, targetRisk: 0.2))
        let ab = try #require(r.abstention)
        #expect(ab.risk <= 0.2 && ab.coverage > 0.1)
    }

    /// CCC against the reference (population and sample moments), Pearson, RMSE, MAE.
    @Test func continuousAgreement() throws {
        let t = try CSVTable(contentsOfFile: TestPaths.shared("data/predictions/continuous_affect.csv"))
        for dim in ["arousal", "valence"] {
            let y = try t.numbers(dim)
            let yhat = try t.numbers(dim + "_pred")
            let base = "continuous_affect_ccc/\(dim)/"
            #expect(abs(Agreement.ccc(y, yhat, ddof: 0) - Ref.number(base + "ccc_population_moments")!) <= 1e-12)
            #expect(abs(Agreement.ccc(y, yhat, ddof: 1) - Ref.number(base + "ccc_sample_moments")!) <= 1e-12)
            #expect(abs(Agreement.rmse(y, yhat) - Ref.number(base + "rmse")!) <= 1e-12)
            #expect(abs(Agreement.mae(y, yhat) - Ref.number(base + "mae")!) <= 1e-12)
            #expect(abs(Agreement.pearson(y, yhat) - Ref.number(base + "pearson_r")!) <= 1e-12)
        }
    }
}

/// The large-n paths (fused ECE, headline set without full sorts) agree with the full report.
@Suite struct FastPathTests {
    @Test(arguments: Ref.sets)
    func headlineEqualsReport(set: String) throws {
        let p = try Ref.predictions(set)
        try Self.compare(p)
    }

    /// 30 000 synthetic 3-class rows with many tied confidences (rounded to 1e-3) so that range
    /// boundaries fall inside histogram buckets and ties cross them.
    @Test func headlineWithTies() throws {
        var rng = SeededRandom(seed: 5)
        let n = 30_000
        var probs: [Double] = []
        var labels: [Int] = []
        for _ in 0..<n {
            let a = (rng.uniform() * 1000).rounded() / 1000
            let b = ((1 - a) * rng.uniform() * 1000).rounded(.down) / 1000
            probs += [a, b, max(0, 1 - a - b)]
            labels.append(rng.index(3))
        }
        try Self.compare(Predictions(probabilities: probs, classCount: 3, labels: labels))
    }

    /// 5 classes (the generic, not unrolled kernel path), values on a 1/60 grid so that many
    /// sit exactly on bin edges, under both edge conventions.
    @Test func headlineFiveClassesOnEdges() throws {
        var rng = SeededRandom(seed: 9)
        let n = 6_000
        var probs: [Double] = []
        var labels: [Int] = []
        for _ in 0..<n {
            var w = (0..<5).map { _ in Double(rng.index(13)) }
            w[rng.index(5)] += 1
            let s = w.reduce(0, +)
            probs += w.map { $0 / s }
            labels.append(rng.index(5))
        }
        try Self.compare(Predictions(probabilities: probs, classCount: 5, labels: labels))
    }

    /// Skewed binary confidences: a third exactly 1, a third within 1e-9 of 1 on a coarse grid
    /// (long runs of ties inside one sort bucket), the rest uniform — every path of the
    /// headline sort (small buckets, sub-bucketed large buckets, tie-heavy sub-buckets).
    @Test func headlineSkewedTies() throws {
        var rng = SeededRandom(seed: 11)
        let n = 40_000
        var pos: [Double] = []
        var labels: [Int] = []
        for i in 0..<n {
            let u = rng.uniform()
            let p1: Double =
                switch i % 3 {
                case 0: 1
                case 1: 1 - Double(rng.index(50)) * 1e-11
                default: u
                }
            pos.append(p1)
            labels.append(rng.uniform() < 0.8 ? 1 : 0)
        }
        try Self.compare(Predictions(positiveProbabilities: pos, labels: labels))
    }

    /// Binary scores exactly on the 15 equal-width edges t·(1/15) and one ulp either side (the
    /// lookup table of the fused pass defers these to the exact edge test).
    @Test func headlineOnExactEdges() throws {
        var pos: [Double] = []
        var labels: [Int] = []
        for t in 0...15 {
            let e = Double(t) * (1.0 / 15.0)
            for v in [e.nextDown, e, e.nextUp] where v >= 0 && v <= 1 {
                for y in [0, 1] {
                    pos.append(v)
                    labels.append(y)
                }
            }
        }
        try Self.compare(Predictions(positiveProbabilities: pos, labels: labels))
    }

    /// Other bin counts: 1, 7 and 300 (beyond the lookup table's 254, so every bin is exact).
    @Test(arguments: [1, 7, 300])
    func headlineOtherBinCounts(bins: Int) throws {
        let p = try Ref.predictions("multiclass4_overconfident")
        let o = MetricOptions(bins: bins, smoothECE: false)
        let full = try CalibrationMetrics.report(p, options: o)
        for m in try CalibrationMetrics.headline(p, options: o) {
            let v = try #require(full.value(m.name))
            #expect(abs(m.value - v) <= 1e-12, "\(bins) bins \(m.name): headline \(m.value), report \(v)")
        }
        #expect(abs(CalibrationMetrics.topLabelECE(p, bins: bins) - full.value("ece")!) <= 1e-12)
    }

    static func compare(_ p: Predictions) throws {
        for edges in BinEdgeConvention.allCases {
            let o = MetricOptions(edges: edges, smoothECE: false)
            let full = try CalibrationMetrics.report(p, options: o)
            for m in try CalibrationMetrics.headline(p, options: o) {
                let v = try #require(full.value(m.name))
                #expect(abs(m.value - v) <= 1e-12, "\(edges) \(m.name): headline \(m.value), report \(v)")
                #expect(m.convention == full.metrics.first { $0.name == m.name }?.convention)
            }
            #expect(abs(CalibrationMetrics.topLabelECE(p, edges: edges) - full.value("ece")!) <= 1e-12)
        }
    }
}
