import SignalCore

/// Agreement of continuous predictions (arousal, valence) with their targets.
///
/// Lin's concordance correlation coefficient CCC = 2 s_xy / (s_x² + s_y² + (x̄ − ȳ)²) (Lin 1989),
/// with population moments (÷n, the AVEC convention) or sample moments (÷(n − 1), torchmetrics
/// `concordance_corrcoef`); Pearson r; RMSE; MAE. NaN when n < 2 or both series are constant.
public enum Agreement {
    public static func ccc(_ truth: [Double], _ prediction: [Double], ddof: Int = 0) -> Double {
        guard truth.count == prediction.count, truth.count > max(ddof, 1) else { return .nan }
        let mx = Stats.mean(truth)
        let my = Stats.mean(prediction)
        var sxy = 0.0
        for i in truth.indices { sxy += (truth[i] - mx) * (prediction[i] - my) }
        sxy /= Double(truth.count - ddof)
        let den = Stats.variance(truth, ddof: ddof) + Stats.variance(prediction, ddof: ddof) + (mx - my) * (mx - my)
        return den > 0 ? 2 * sxy / den : .nan
    }

    /// Pearson correlation r (SignalCore `Stats.pearson`).
    public static func pearson(_ truth: [Double], _ prediction: [Double]) -> Double { Stats.pearson(truth, prediction) }

    public static func rmse(_ truth: [Double], _ prediction: [Double]) -> Double {
        guard truth.count == prediction.count, !truth.isEmpty else { return .nan }
        var s = 0.0
        for i in truth.indices { s += (truth[i] - prediction[i]) * (truth[i] - prediction[i]) }
        return (s / Double(truth.count)).squareRoot()
    }

    public static func mae(_ truth: [Double], _ prediction: [Double]) -> Double {
        guard truth.count == prediction.count, !truth.isEmpty else { return .nan }
        var s = 0.0
        for i in truth.indices { s += abs(truth[i] - prediction[i]) }
        return s / Double(truth.count)
    }
}
