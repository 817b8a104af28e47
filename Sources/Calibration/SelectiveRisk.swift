import Foundation

/// Selective prediction: accept the predictions with the highest confidence, abstain on the rest.
///
/// Rows are ranked by confidence, descending (ties by input order). At coverage c_i = i/n the
/// selective risk is r_i = (errors among the top i) / i. AURC = (1/n) Σ_{i=1}^{n} r_i (Geifman
/// et al. 2019, the mean over all n cut-offs); the oracle AURC ranks every correct prediction
/// first; E-AURC = AURC − oracle AURC. Risk is the top-label error rate (0/1 loss).
public struct RiskCoverage: Sendable, Equatable {
    /// Coverage i/n, i = 1…n.
    public let coverage: [Double]
    /// Selective risk r_i at that coverage.
    public let risk: [Double]
    /// Confidence of the i-th ranked prediction (the acceptance threshold for that coverage).
    public let threshold: [Double]

    /// Curve from confidences and correctness (1 = correct).
    public init(confidence: [Double], correct: [Double]) {
        let n = confidence.count
        // Descending confidence, ties by input order: the ascending order reversed, then each run
        // of equal confidences reversed back.
        var asc = Array(SortOrder.ascending(confidence).reversed())
        var runStart = 0
        for r in (n > 0 ? 1 : 2)...max(n, 1) where r == n || confidence[Int(asc[r])] != confidence[Int(asc[runStart])] {
            if r - runStart > 1 { asc[runStart..<r].reverse() }
            runStart = r
        }
        var cov = [Double](repeating: 0, count: n)
        var risk = [Double](repeating: 0, count: n)
        var thr = [Double](repeating: 0, count: n)
        var errors = 0.0
        for r in 0..<n {
            let i = Int(asc[r])
            errors += 1 - correct[i]
            cov[r] = Double(r + 1) / Double(n)
            risk[r] = errors / Double(r + 1)
            thr[r] = confidence[i]
        }
        self.coverage = cov
        self.risk = risk
        self.threshold = thr
    }

    /// AURC = mean of the selective risks over the n cut-offs.
    public var aurc: Double { risk.reduce(0, +) / Double(risk.count) }

    /// AURC by the trapezoid rule over coverage from 1/n to 1 (numpy `trapezoid(risk, coverage)`).
    public var aurcTrapezoid: Double {
        var s = 0.0
        for i in 1..<risk.count { s += (risk[i] + risk[i - 1]) / 2 * (coverage[i] - coverage[i - 1]) }
        return s
    }

    /// Overall error rate (risk at full coverage).
    public var fullCoverageRisk: Double { risk.last ?? .nan }

    /// Oracle AURC: all m errors ranked last, r_i = max(0, i − (n − m)) / i.
    public var oracleAURC: Double {
        let n = risk.count
        let m = (fullCoverageRisk * Double(n)).rounded()
        var s = 0.0
        for i in 1...n { s += max(0, Double(i) - (Double(n) - m)) / Double(i) }
        return s / Double(n)
    }

    /// E-AURC = AURC − oracle AURC (Geifman et al. 2019).
    public var excessAURC: Double { aurc - oracleAURC }

    /// Geifman's closed-form oracle r + (1 − r) ln(1 − r) (the n → ∞ limit).
    public var oracleClosedForm: Double {
        let r = fullCoverageRisk
        return r >= 1 ? 1 : r + (1 - r) * log(1 - r)
    }

    /// Risk when accepting the top round(c·n) predictions (c in (0, 1]).
    public func risk(atCoverage c: Double) -> Double {
        let k = Int((c * Double(risk.count)).rounded())
        return k >= 1 ? risk[min(k, risk.count) - 1] : .nan
    }

    /// The abstention rule meeting a target risk: the largest coverage whose selective risk is
    /// ≤ `targetRisk`, cutting only between distinct confidences (so "accept if confidence ≥
    /// threshold" selects exactly those rows). Nil when no cut-off meets the target.
    public func abstention(targetRisk: Double) -> (threshold: Double, coverage: Double, risk: Double)? {
        var best: Int? = nil
        for i in risk.indices {
            let cutOK = i == risk.count - 1 || threshold[i + 1] < threshold[i]
            if cutOK && risk[i] <= targetRisk { best = i }
        }
        guard let b = best else { return nil }
        return (threshold[b], coverage[b], risk[b])
    }
}
