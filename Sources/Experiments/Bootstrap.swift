import Foundation
import SignalCore

/// Confidence intervals of run metrics: a cluster bootstrap over subjects with Efron's
/// bias-corrected (BC) percentile interval.
///
/// Resampling unit: the subject. Windows of one subject (and of one recording) are not
/// independent, and subjects are the unit of the leave-one-subject-out protocol, so each replicate
/// draws as many subjects as the slice has, with replacement, and takes all of their windows in the
/// slice (Field & Welsh 2007, cluster bootstrap). A slice with fewer than 2 subjects has no interval.
///
/// Interval: bias-corrected percentile (Efron 1987; Efron & Tibshirani 1993, §14.3). With θ̂ the
/// estimate on the slice and θ*₁…θ*_B the replicate values (undefined ones dropped),
/// p₀ = (#{θ* < θ̂} + ½·#{θ* = θ̂}) / B, z₀ = Φ⁻¹(p₀), and the interval is the
/// Φ(2z₀ + z_{(1−level)/2}) and Φ(2z₀ + z_{(1+level)/2}) percentiles (numpy linear) of the replicates.
/// This corrects the median bias of plug-in estimators such as ECE, which grows under resampling
/// (a resample holds fewer distinct windows per bin, so its ECE is larger): the plain percentile
/// interval can then lie entirely above the estimate. The BC interval contains θ̂ exactly when
/// |z₀| ≤ z_{(1+level)/2}; when more than (1+level)/2 of the replicates lie on one side of θ̂, it
/// does not, and `note` says so. When every replicate lies on one side, z₀ is infinite and the
/// interval is undefined (NaN, with a note). (BCa's acceleration needs a jackknife over subjects,
/// and with ~10 subjects is poorly estimated; it is left out.)
public enum Bootstrap {
    /// The method, as recorded next to every interval in `metrics.json`.
    public static let method = "bias-corrected percentile bootstrap (Efron 1987), subjects resampled"

    public struct Interval: Sendable, Equatable {
        public var low: Double
        public var high: Double
        /// Replicates with a defined value.
        public var kept: Int
        /// Why the interval is undefined or does not contain the estimate; nil otherwise.
        public var note: String?
    }

    /// Replicate values: `count` resamples of `clusters` (each a list of row indices), drawn with
    /// replacement from the seeded SplitMix64 stream; `metric` gets the concatenated rows.
    public static func replicates(count: Int, seed: UInt64, clusters: [[Int]], metric: ([Int]) -> Double)
        -> [Double]
    {
        guard count > 0, !clusters.isEmpty else { return [] }
        var g = SeededRandom(seed: seed)
        var values: [Double] = []
        values.reserveCapacity(count)
        var idx: [Int] = []
        for _ in 0..<count {
            idx.removeAll(keepingCapacity: true)
            for _ in 0..<clusters.count { idx += clusters[g.index(clusters.count)] }
            values.append(metric(idx))
        }
        return values
    }

    /// The BC percentile interval of `point` from its replicate values (NaN replicates dropped).
    public static func biasCorrected(point: Double, replicates: [Double], level: Double, clusters: Int) -> Interval {
        let v = replicates.filter(\.isFinite)
        if clusters < 2 {
            return Interval(low: .nan, high: .nan, kept: v.count, note: "fewer than 2 subjects: no interval")
        }
        guard point.isFinite, !v.isEmpty else {
            return Interval(low: .nan, high: .nan, kept: v.count, note: "estimate or every replicate undefined")
        }
        let below = Double(v.filter { $0 < point }.count)
        let ties = Double(v.filter { $0 == point }.count)
        let p0 = (below + 0.5 * ties) / Double(v.count)
        guard p0 > 0, p0 < 1 else {
            return Interval(
                low: .nan, high: .nan, kept: v.count,
                note: "every replicate lies \(p0 <= 0 ? "above" : "below") the estimate: bias correction undefined")
        }
        let z0 = Normal.quantile(p0)
        let zl = Normal.quantile((1 - level) / 2)
        let zh = Normal.quantile((1 + level) / 2)
        let q = Stats.percentiles(v, [100 * Normal.cdf(2 * z0 + zl), 100 * Normal.cdf(2 * z0 + zh)])
        var note: String?
        if point < q[0] || point > q[1] {
            note = String(
                format: "%.1f %% of replicates lie below the estimate: the interval does not contain it", 100 * p0)
        }
        return Interval(low: q[0], high: q[1], kept: v.count, note: note)
    }

    /// Replicates and BC interval in one call.
    public static func interval(
        count: Int, level: Double, seed: UInt64, clusters: [[Int]], point: Double, metric: ([Int]) -> Double
    ) -> Interval {
        guard count > 0 else { return Interval(low: .nan, high: .nan, kept: 0, note: "no bootstrap requested") }
        let r = replicates(count: count, seed: seed, clusters: clusters, metric: metric)
        return biasCorrected(point: point, replicates: r, level: level, clusters: clusters.count)
    }

    /// Row indices grouped by subject, subjects in sorted order (the resampling clusters).
    public static func clusters(rows: [Int], subjects: [String]) -> [[Int]] {
        var by: [String: [Int]] = [:]
        for r in rows { by[subjects[r], default: []].append(r) }
        return by.keys.sorted().map { by[$0]! }
    }
}

/// The standard normal distribution: Φ via `erfc`, Φ⁻¹ by Acklam's rational approximation
/// (relative error < 1.2·10⁻⁹) refined by one Halley step (Acklam 2003), accurate to ~1e-15.
enum Normal {
    static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Φ⁻¹(p) for 0 < p < 1 (±∞ at 0 and 1, NaN outside).
    static func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else { return p == 0 ? -.infinity : p == 1 ? .infinity : .nan }
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00,
        ]
        let b = [
            -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01,
        ]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00,
        ]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x =
                (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5
            let r = q * q
            x =
                (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log(1 - p)).squareRoot()
            x =
                -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let e = cdf(x) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }
}
