import Foundation

/// Calibration and accuracy metrics on plain arrays. Each function's doc names its convention; the
/// `CalibrationReport` records that convention beside every number it outputs.
public enum ScoreMetrics {
    /// Nixon et al. 2019 adaptive calibration error (ACE): for every class k, the scores p_ik are
    /// sorted and split into R ranges of (nearly) equal count (numpy `array_split`), and
    /// ACE = (1 / (K R)) Σ_k Σ_r |ō_kr − s̄_kr| (unweighted; empty ranges add 0).
    /// TACE (thresholded) keeps only p_ik > `threshold` before ranging.
    public static func nixonACE(_ p: Predictions, ranges: Int, threshold: Double? = nil) -> Double {
        let k = p.classCount
        var total = 0.0
        for c in 0..<k {
            var s = p.column(c)
            var o = p.labels.map { $0 == c ? 1.0 : 0.0 }
            if let thr = threshold {
                let keep = s.indices.filter { s[$0] > thr }
                s = keep.map { s[$0] }
                o = keep.map { o[$0] }
            }
            if s.isEmpty { continue }
            let bins = Reliability.equalMass(scores: s, outcomes: o, bins: ranges)
            for b in bins.counts.indices where bins.counts[b] > 0 {
                total += abs(bins.meanOutcome[b] - bins.meanScore[b])
            }
        }
        return total / Double(k * ranges)
    }

    /// Classwise ECE (= static calibration error, SCE; Nixon et al. 2019): the mean over classes
    /// k of the ECE of scores p_ik against 1[y_i = k].
    public static func classwiseECE(
        _ p: Predictions, bins: Int, scheme: BinningScheme = .equalWidth, edges: BinEdgeConvention = .rightClosed
    ) -> Double {
        var s = 0.0
        for c in 0..<p.classCount {
            s +=
                Reliability.bins(
                    scores: p.column(c), outcomes: p.labels.map { $0 == c ? 1.0 : 0.0 }, bins: bins, scheme: scheme,
                    edges: edges
                ).ece
        }
        return s / Double(p.classCount)
    }

    /// Kumar et al. 2019 marginal L2 calibration error: per class k, the (debiased) L2 error of
    /// p_ik against 1[y_i = k] with equal-mass bins, then √(mean_k CE_k²).
    public static func marginalL2(_ p: Predictions, bins: Int, debiased: Bool) -> Double {
        var s = 0.0
        for c in 0..<p.classCount {
            let e = Reliability.equalMass(
                scores: p.column(c), outcomes: p.labels.map { $0 == c ? 1.0 : 0.0 }, bins: bins
            ).l2(debiased: debiased)
            s += e * e
        }
        return (s / Double(p.classCount)).squareRoot()
    }

    /// Multiclass Brier score, sum convention: (1/n) Σ_i Σ_k (p_ik − 1[y_i = k])² ∈ [0, 2]
    /// (Brier 1950). For binary input this is twice the binary Brier score.
    public static func brierMulticlass(_ p: Predictions) -> Double {
        let k = p.classCount
        var s = 0.0
        p.probabilities.withUnsafeBufferPointer { pr in
            for i in 0..<p.count {
                let y = p.labels[i]
                for j in 0..<k {
                    let d = pr[i * k + j] - (j == y ? 1 : 0)
                    s += d * d
                }
            }
        }
        return s / Double(p.count)
    }

    /// Binary Brier score (1/n) Σ (s_i − o_i)² (scikit-learn `brier_score_loss` on 1-D input).
    public static func brierBinary(scores: [Double], outcomes: [Double]) -> Double {
        var s = 0.0
        for i in scores.indices { s += (scores[i] - outcomes[i]) * (scores[i] - outcomes[i]) }
        return s / Double(scores.count)
    }

    /// Negative log-likelihood −(1/n) Σ ln clip(p_{i,y_i}, ε, 1 − ε) in nats (ε = 0 disables the
    /// clip; scikit-learn `log_loss` uses ε = machine epsilon 2.220446049250313e-16).
    public static func nll(_ p: Predictions, clip eps: Double) -> Double {
        let k = p.classCount
        var s = 0.0
        for i in 0..<p.count {
            var v = p.probabilities[i * k + p.labels[i]]
            if eps > 0 { v = min(max(v, eps), 1 - eps) }
            s -= log(v)
        }
        return s / Double(p.count)
    }

    /// Number of rows whose true-class probability is exactly 0 (infinite NLL without a clip).
    public static func zeroTrueClassCount(_ p: Predictions) -> Int {
        (0..<p.count).filter { p.probabilities[$0 * p.classCount + p.labels[$0]] == 0 }.count
    }

    /// Unweighted average recall (macro recall, UAR) over the classes present among the labels.
    public static func uar(_ p: Predictions, predicted: [Int]) -> Double {
        var hit = [Int](repeating: 0, count: p.classCount)
        var tot = [Int](repeating: 0, count: p.classCount)
        for i in 0..<p.count {
            tot[p.labels[i]] += 1
            if predicted[i] == p.labels[i] { hit[p.labels[i]] += 1 }
        }
        let present = (0..<p.classCount).filter { tot[$0] > 0 }
        return present.map { Double(hit[$0]) / Double(tot[$0]) }.reduce(0, +) / Double(present.count)
    }

    /// Murphy (1973) decomposition of the binary Brier score with equal-width bins:
    /// reliability = Σ_b (n_b/n)(s̄_b − ō_b)², resolution = Σ_b (n_b/n)(ō_b − ō)², uncertainty =
    /// ō(1 − ō); Brier = reliability − resolution + uncertainty + residual, where the residual is
    /// the within-bin score variance term that binning leaves (reported, not hidden).
    public static func murphy(scores: [Double], outcomes: [Double], bins: Int, edges: BinEdgeConvention = .rightClosed)
        -> (brier: Double, reliability: Double, resolution: Double, uncertainty: Double, residual: Double)
    {
        let rb = Reliability.equalWidth(scores: scores, outcomes: outcomes, bins: bins, edges: edges)
        let n = Double(scores.count)
        let ybar = outcomes.reduce(0, +) / n
        var rel = 0.0
        var res = 0.0
        for b in rb.counts.indices where rb.counts[b] > 0 {
            let w = Double(rb.counts[b]) / n
            rel += w * (rb.meanScore[b] - rb.meanOutcome[b]) * (rb.meanScore[b] - rb.meanOutcome[b])
            res += w * (rb.meanOutcome[b] - ybar) * (rb.meanOutcome[b] - ybar)
        }
        let unc = ybar * (1 - ybar)
        let brier = brierBinary(scores: scores, outcomes: outcomes)
        return (brier, rel, res, unc, brier - (rel - res + unc))
    }

    /// Cox (1958) calibration: logistic regression of the outcome on the log-odds
    /// z = ln s − ln(1 − s): P(o = 1) = σ(intercept + slope·z) (maximum likelihood, Newton to
    /// machine precision); calibration-in-the-large = the intercept c of σ(c + z) (slope fixed at 1).
    /// Perfect calibration: slope 1, intercept 0. Scores of exactly 0 or 1 give infinite log-odds
    /// and are an error.
    public static func cox(scores: [Double], outcomes: [Double]) throws(CalibrationError)
        -> (intercept: Double, slope: Double, calibrationInTheLarge: Double)
    {
        guard scores.allSatisfy({ $0 > 0 && $0 < 1 }) else {
            throw .fit(method: "Cox calibration", detail: "a score of exactly 0 or 1 has infinite log-odds")
        }
        let z = scores.map { log($0) - log1p(-$0) }
        let ones = [Double](repeating: 1, count: z.count)
        let w = try LogisticFit.fit(features: [ones, z], targets: outcomes)
        let c = try LogisticFit.fit(features: [ones], targets: outcomes, offset: z)
        return (w[0], w[1], c[0])
    }
}
