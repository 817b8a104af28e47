import Foundation
import SignalCore

/// Classification metrics with scikit-learn's definitions (names as in `sklearn.metrics`).
///
/// - accuracy = mean(ŷ = y)
/// - recall_k = C_kk / Σ_j C_kj (row k of the confusion matrix C, rows = true class)
/// - UAR (unweighted average recall, `balanced_accuracy_score`) = mean of recall_k over classes
///   present in y (the affective-computing headline metric; Schuller et al. 2009)
/// - macro-F1 (`f1_score(average="macro")`) = mean over labels present in y or ŷ of
///   2·TP / (2·TP + FP + FN)
/// - log-loss (`log_loss`) = −mean log p_{i,yᵢ}, probabilities clipped to [ε, 1 − ε], ε = 2.2e-16
/// Predicted class = argmax probability (first maximum on ties, as numpy's argmax).
public enum ClassificationMetrics {
    /// The headline numbers for one set of predictions.
    public struct Report: Sendable, Equatable, Codable {
        public var n: Int
        public var accuracy: Double
        public var uar: Double
        public var macroF1: Double
        public var logLoss: Double
        /// Recall per class; NaN for a class absent from y.
        public var perClassRecall: [Double]
        /// Rows = true class, columns = predicted class.
        public var confusion: [[Int]]
        /// Number of classes present in y.
        public var classesPresent: Int
    }

    public static func argmax(_ p: Matrix) -> [Int] {
        (0..<p.rows).map { i in
            var best = 0
            for j in 1..<max(p.cols, 1) where p[i, j] > p[i, best] { best = j }
            return best
        }
    }

    public static func confusion(_ y: [Int], _ yHat: [Int], classCount: Int) -> [[Int]] {
        var c = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
        for (a, b) in zip(y, yHat) { c[a][b] += 1 }
        return c
    }

    public static func accuracy(_ y: [Int], _ yHat: [Int]) -> Double {
        guard !y.isEmpty else { return .nan }
        return Double(zip(y, yHat).filter { $0 == $1 }.count) / Double(y.count)
    }

    public static func perClassRecall(_ c: [[Int]]) -> [Double] {
        c.indices.map { k in
            let s = c[k].reduce(0, +)
            return s > 0 ? Double(c[k][k]) / Double(s) : .nan
        }
    }

    public static func uar(_ c: [[Int]]) -> Double {
        let r = perClassRecall(c).filter { !$0.isNaN }
        return r.isEmpty ? .nan : r.reduce(0, +) / Double(r.count)
    }

    public static func macroF1(_ c: [[Int]]) -> Double {
        var f: [Double] = []
        for k in c.indices {
            let tp = c[k][k]
            let fn = c[k].reduce(0, +) - tp
            let fp = c.indices.reduce(0) { $0 + c[$1][k] } - tp
            if tp + fn + fp == 0 { continue }  // label in neither y nor ŷ
            f.append(Double(2 * tp) / Double(2 * tp + fp + fn))
        }
        return f.isEmpty ? .nan : f.reduce(0, +) / Double(f.count)
    }

    public static func logLoss(_ p: Matrix, _ y: [Int]) -> Double {
        guard !y.isEmpty else { return .nan }
        let eps = Double.ulpOfOne
        var s = 0.0
        for (i, k) in y.enumerated() { s -= log(min(max(p[i, k], eps), 1 - eps)) }
        return s / Double(y.count)
    }

    public static func report(_ p: Matrix, _ y: [Int]) -> Report {
        let yHat = argmax(p)
        let c = confusion(y, yHat, classCount: p.cols)
        return Report(
            n: y.count, accuracy: accuracy(y, yHat), uar: uar(c), macroF1: macroF1(c), logLoss: logLoss(p, y),
            perClassRecall: perClassRecall(c), confusion: c, classesPresent: c.filter { $0.reduce(0, +) > 0 }.count)
    }
}

/// Agreement metrics for continuous targets (arousal/valence).
///
/// Lin's concordance correlation coefficient (Lin 1989):
/// `CCC = 2·s_xy / (s_x² + s_y² + (x̄ − ȳ)²)`, with moments either
/// - `.population` (divide by n; Lin's estimator, AVEC challenges, `audeer`/numpy `np.var`), or
/// - `.sample` (divide by n − 1 in s_xy, s_x², s_y²; torchmetrics `concordance_corrcoef`).
/// The two differ by O(1/n). Pearson r, RMSE = √mean((x − y)²), MAE = mean|x − y|.
public enum RegressionMetrics {
    public enum Moments: String, Codable, Sendable, CaseIterable {
        case population, sample
    }

    public struct Report: Sendable, Equatable, Codable {
        public var n: Int
        public var cccPopulation: Double
        public var cccSample: Double
        public var pearson: Double
        public var rmse: Double
        public var mae: Double
    }

    /// CCC of predictions `x` against truth `y` (SignalCore `Stats.ccc`: population moments ÷n or
    /// sample moments ÷(n − 1)); NaN if fewer than 2 values or both constant.
    public static func ccc(_ x: [Double], _ y: [Double], moments: Moments) -> Double {
        Stats.ccc(x, y, ddof: moments == .population ? 0 : 1)
    }

    public static func rmse(_ x: [Double], _ y: [Double]) -> Double { Stats.rmse(x, y) }

    public static func mae(_ x: [Double], _ y: [Double]) -> Double { Stats.mae(x, y) }

    public static func pearson(_ x: [Double], _ y: [Double]) -> Double { Stats.pearson(x, y) }

    public static func report(predicted x: [Double], truth y: [Double]) -> Report {
        Report(
            n: x.count, cccPopulation: ccc(x, y, moments: .population), cccSample: ccc(x, y, moments: .sample),
            pearson: pearson(x, y), rmse: rmse(x, y), mae: mae(x, y))
    }
}
