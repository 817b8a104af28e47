import Calibration
import Foundation

/// Calibration metrics offered to configs, computed by the Calibration module (its conventions):
///
/// - `ece`: top-label expected calibration error, `bins` equal-width bins on [0, 1] (the config's
///   `calibration.bins`, default 15, the same bins as the reliability diagrams), right-closed
///   (Guo et al. 2017): Σ_b (n_b / n) |acc_b − conf_b|.
/// - `brier`: multiclass Brier score, sum convention (1/n) Σ_i Σ_k (p_ik − y_ik)², range [0, 2].
/// - `nll`: negative log-likelihood, probabilities clipped to [1e-15, 1].
/// - `aurc`: area under the risk–coverage curve of the top-label confidence (Geifman et al. 2019).
///
/// A resample that the module rejects (e.g. a single class) gives NaN and is dropped by the
/// bootstrap.
enum CalibrationMetrics {
    static let table: [(String, MetricRegistry.Metric)] = [
        ("ece", ece(bins: 15)),
        ("brier", { p, y, k in withPredictions(p, y, k) { ScoreMetrics.brierMulticlass($0) } }),
        ("nll", { p, y, k in withPredictions(p, y, k) { ScoreMetrics.nll($0, clip: 1e-15) } }),
        (
            "aurc",
            { p, y, k in
                withPredictions(p, y, k) { RiskCoverage(confidence: top($0).confidence, correct: top($0).correct).aurc }
            }
        ),
    ]

    /// Top-label ECE with `bins` equal-width, right-closed bins.
    static func ece(bins: Int) -> MetricRegistry.Metric {
        { p, y, k in
            withPredictions(p, y, k) {
                Reliability.equalWidth(scores: top($0).confidence, outcomes: top($0).correct, bins: bins).ece
            }
        }
    }

    static func top(_ p: Calibration.Predictions) -> (confidence: [Double], correct: [Double]) {
        let t = p.topLabel()
        return (t.confidence, t.correct)
    }

    static func predictions(_ p: [[Double]], _ y: [Int], _ k: Int) -> Calibration.Predictions? {
        try? Calibration.Predictions(
            probabilities: p.flatMap { $0 }, classCount: k, labels: y, source: "run",
            validation: .init(sumTolerance: 1e-6, renormalise: false, requireTwoClasses: false))
    }

    static func withPredictions(_ p: [[Double]], _ y: [Int], _ k: Int, _ f: (Calibration.Predictions) -> Double)
        -> Double
    {
        guard !y.isEmpty, let pr = predictions(p, y, k) else { return .nan }
        return f(pr)
    }
}
