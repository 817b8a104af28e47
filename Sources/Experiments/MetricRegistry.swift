import Foundation
import Fusion
import SignalCore

/// The metrics a config can ask for, each a function of (probabilities, true class indices).
///
/// Classification metrics (definitions as in scikit-learn): accuracy = mean(argmax p = y);
/// UAR = unweighted mean of per-class recall (balanced accuracy; classes absent from y are
/// skipped); macro-F1 = unweighted mean of per-class F1 over classes present in y or predicted;
/// log-loss = −mean log p_y with p clipped to [1e-15, 1]; all four are computed by the Fusion
/// module's `ClassificationMetrics` (NaN when there are no rows). Calibration metrics come from the
/// Calibration module's adapter when it is part of the build.
public enum MetricRegistry {
    public typealias Metric = @Sendable (_ probabilities: [[Double]], _ labels: [Int], _ classCount: Int) -> Double

    /// Metrics used when a config names none.
    public static let defaultNames = ["accuracy", "uar", "macro_f1", "log_loss"]

    /// Every metric in this build, by name.
    public static var names: [String] { table.map(\.0) }

    /// The metric called `name`; `eceBins` sets the number of equal-width bins of `ece` (the
    /// config's `calibration.bins`).
    public static func metric(_ name: String, eceBins: Int = 15) -> Metric? {
        if name == "ece" { return CalibrationMetrics.ece(bins: eceBins) }
        return table.first { $0.0 == name }?.1
    }

    static let table: [(String, Metric)] =
        [
            ("accuracy", accuracy), ("uar", uar), ("macro_f1", macroF1), ("log_loss", logLoss),
        ] + CalibrationMetrics.table

    /// argmax with ties going to the lowest index.
    public static func argmax(_ p: [Double]) -> Int {
        var best = 0
        for i in p.indices where p[i] > p[best] { best = i }
        return best
    }

    /// The probabilities as an n × K `Fusion.Matrix` with the predicted and true classes, or
    /// nil when there are no rows or the rows are ragged (the metric is then NaN).
    static func classified(_ p: [[Double]], _ y: [Int], _ k: Int) -> (matrix: Matrix, predicted: [Int])? {
        guard !y.isEmpty, p.count == y.count, y.allSatisfy({ $0 >= 0 && $0 < k }),
            let m = try? Matrix(rowArrays: p), m.cols == k
        else { return nil }
        return (m, ClassificationMetrics.argmax(m))
    }

    static func confusion(_ p: [[Double]], _ y: [Int], _ k: Int) -> [[Int]]? {
        classified(p, y, k).map { ClassificationMetrics.confusion(y, $0.predicted, classCount: k) }
    }

    static let accuracy: Metric = { p, y, k in
        classified(p, y, k).map { ClassificationMetrics.accuracy(y, $0.predicted) } ?? .nan
    }

    static let uar: Metric = { p, y, k in confusion(p, y, k).map(ClassificationMetrics.uar) ?? .nan }

    static let macroF1: Metric = { p, y, k in confusion(p, y, k).map(ClassificationMetrics.macroF1) ?? .nan }

    /// `ClassificationMetrics.logLoss` clips to [2.2e-16, 1 − 2.2e-16]; the probabilities are
    /// first clipped below at 1e-15 so the documented [1e-15, 1] definition holds (the upper
    /// bounds differ by at most 2.2e-16 per row).
    static let logLoss: Metric = { p, y, k in
        let clipped = p.map { $0.map { max(1e-15, $0) } }
        return classified(clipped, y, k).map { ClassificationMetrics.logLoss($0.matrix, y) } ?? .nan
    }

    /// The confusion matrix (rows = true class, columns = predicted class); all zeros when the
    /// predictions do not have `classCount` columns or a label is out of range.
    public static func confusionMatrix(_ p: [[Double]], _ y: [Int], classCount: Int) -> [[Int]] {
        confusion(p, y, classCount)
            ?? [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
    }
}
