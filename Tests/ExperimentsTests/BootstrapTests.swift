import AffectTestSupport
import Foundation
import SignalCore
import Tabular
import Testing

@testable import Experiments

@Suite("Bootstrap CIs: bias-corrected percentile, subjects resampled")
struct BootstrapTests {
    @Test("Φ⁻¹ matches tabulated quantiles to 1e-12")
    func normalQuantile() {
        // Reference values: scipy.stats.norm.ppf (double precision).
        let cases: [(Double, Double)] = [
            (0.5, 0), (0.975, 1.959963984540054), (0.025, -1.959963984540054), (0.8413447460685429, 1.0),
            (1e-6, -4.753424308822899), (0.999, 3.090232306167813),
        ]
        for (p, z) in cases {
            #expect(abs(Normal.quantile(p) - z) < 1e-12, "Φ⁻¹(\(p)) = \(Normal.quantile(p)), expected \(z)")
            #expect(abs(Normal.cdf(z) - p) < 1e-12)
        }
    }

    @Test("Half the replicates below the estimate: BC equals the plain percentile interval")
    func unbiasedIsPercentile() {
        let reps = (0..<1000).map { Double($0) / 999 }  // uniform on [0, 1], median 0.5
        let i = Bootstrap.biasCorrected(point: 0.5, replicates: reps, level: 0.95, clusters: 10)
        #expect(abs(i.low - 0.025) < 1e-9 && abs(i.high - 0.975) < 1e-9)
        #expect(i.note == nil)
    }

    @Test("Upward-biased replicates: BC moves the interval down; beyond its reach it says so")
    func biasedReplicates() {
        // Replicates = estimate + bias + noise (sd 0.02), with 10 % of them below the estimate.
        let z = (0..<1000).map { Normal.quantile((Double($0) + 0.5) / 1000) }
        let point = 0.10
        let reps = z.map { point + 0.02 * 1.2815515655446004 + 0.02 * $0 }
        let plain = Stats.percentiles(reps, [2.5, 97.5])
        let i = Bootstrap.biasCorrected(point: point, replicates: reps, level: 0.95, clusters: 10)
        #expect(i.low <= point && point <= i.high, "[\(i.low), \(i.high)]")
        #expect(i.low < plain[0] && i.high < plain[1])
        #expect(i.note == nil)
        // 1 % below: |z0| > 1.96, the BC interval (like the percentile one) excludes the estimate.
        let far = z.map { point + 0.02 * 2.3263478740408408 + 0.02 * $0 }
        let j = Bootstrap.biasCorrected(point: point, replicates: far, level: 0.95, clusters: 10)
        #expect(j.high < point && j.note?.contains("does not contain") == true, "\(j)")
        // Every replicate above the estimate: undefined, with the reason.
        let all = Bootstrap.biasCorrected(point: 0.0, replicates: reps, level: 0.95, clusters: 10)
        #expect(all.low.isNaN && all.note?.contains("above") == true)
        // One subject: no interval.
        #expect(Bootstrap.biasCorrected(point: 0.1, replicates: reps, level: 0.95, clusters: 1).low.isNaN)
    }

    @Test("Clusters are drawn whole: every replicate is a union of whole subjects")
    func clustersWhole() {
        let subjects = ["a", "a", "b", "b", "b", "c"]
        let clusters = Bootstrap.clusters(rows: Array(0..<6), subjects: subjects)
        #expect(clusters == [[0, 1], [2, 3, 4], [5]])
        var seen: [[Int]] = []
        _ = Bootstrap.replicates(count: 20, seed: 7, clusters: clusters) { idx in
            seen.append(idx)
            return 0
        }
        for idx in seen {
            var rest = idx
            while !rest.isEmpty {
                let c = clusters.first { rest.starts(with: $0) }
                #expect(c != nil, "\(idx) is not a concatenation of subjects")
                rest.removeFirst(c?.count ?? rest.count)
            }
        }
    }

    /// Every estimate with an interval in metrics.json of a quickstart-like run (fixture: 6
    /// subjects, a condition and a group, ECE/Brier/NLL among the metrics) contains its point
    /// estimate, or carries a ci_note saying it does not; every one names its ci_method.
    @Test("Every reported CI contains its estimate or says it does not")
    func fixtureCIsCoverEstimates() async throws {
        let (dir, manifest) = try Fixture.dataset(subjects: 6, seconds: 40)
        let cfg = try Fixture.writeConfig(
            Fixture.config(manifest: manifest, extra: "outputs: {dir: \(dir.path)/runs, cache_dir: \(dir.path)/cache}"),
            in: dir)
        let prepared = try RunSession.prepare(
            configPath: cfg,
            overrides: ["evaluation.metrics=[accuracy,uar,ece,brier,nll]", "evaluation.bootstrap=200"],
            shard: nil, registry: Fixture.registry)
        let run = try await Runner.execute(
            plan: prepared[0].plan, registry: Fixture.registry,
            options: Runner.Options(
                commandLine: ["test"], overrides: prepared[0].overrides, configPath: cfg, maxConcurrent: 2))
        let m = try RunRecord.readJSON(run + "/metrics.json")
        var checked = 0
        var excluded: [String] = []
        func num(_ v: JSONValue?) -> Double? {
            switch v {
            case .number(let x)?: return x
            case .integer(let i)?: return Double(i)
            default: return nil
            }
        }
        func walk(_ v: JSONValue, _ path: String) {
            guard case .object(let pairs) = v else { return }
            if let value = num(v["value"]), let lo = num(v["ci_low"]), let hi = num(v["ci_high"]) {
                #expect(v["ci_method"] != nil, "\(path) lacks ci_method")
                if lo.isFinite {
                    checked += 1
                    #expect(lo <= hi, "\(path): [\(lo), \(hi)]")
                    if !(lo <= value && value <= hi) {
                        excluded.append(path)
                        #expect(v["ci_note"] != nil, "\(path): \(value) outside [\(lo), \(hi)] without a ci_note")
                    }
                }
            }
            for (k, x) in pairs { walk(x, path + "." + k) }
        }
        walk(m, "metrics")
        // 5 metrics × 5 slices (overall, 2 conditions, 2 groups) + 5 metrics × 2 gaps.
        #expect(checked == 35, "\(checked) intervals found")
        print("bootstrap CIs: \(checked) intervals, \(excluded.count) exclude their estimate: \(excluded)")
        if case .string(let method)? = m["parameters"]?["ci_method"] { #expect(method == Bootstrap.method) }
    }
}
