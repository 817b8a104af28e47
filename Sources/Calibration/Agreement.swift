import SignalCore

/// Agreement of continuous predictions (arousal, valence) with their targets.
///
/// Lin's concordance correlation coefficient CCC = 2 s_xy / (s_x² + s_y² + (x̄ − ȳ)²) (Lin 1989),
/// with population moments (÷n, the AVEC convention) or sample moments (÷(n − 1), torchmetrics
/// `concordance_corrcoef`); Pearson r; RMSE; MAE. NaN when n < 2 or both series are constant.
public enum Agreement {
    /// CCC (SignalCore `Stats.ccc`); `ddof` 0 = population moments, 1 = sample moments.
    public static func ccc(_ truth: [Double], _ prediction: [Double], ddof: Int = 0) -> Double {
        Stats.ccc(truth, prediction, ddof: ddof)
    }

    /// Pearson correlation r (SignalCore `Stats.pearson`).
    public static func pearson(_ truth: [Double], _ prediction: [Double]) -> Double { Stats.pearson(truth, prediction) }

    /// Root-mean-square error (SignalCore `Stats.rmse`).
    public static func rmse(_ truth: [Double], _ prediction: [Double]) -> Double { Stats.rmse(truth, prediction) }

    /// Mean absolute error (SignalCore `Stats.mae`).
    public static func mae(_ truth: [Double], _ prediction: [Double]) -> Double { Stats.mae(truth, prediction) }
}
