import Foundation
import SignalCore

/// The metrics a config can ask for, each a function of (probabilities, true class indices).
///
/// Classification metrics (definitions as in scikit-learn): accuracy = mean(argmax p = y);
/// UAR = unweighted mean of per-class recall (balanced accuracy; classes absent from y are
/// skipped); macro-F1 = unweighted mean of per-class F1 over classes present in y or predicted;
/// log-loss = −mean log p_y with p clipped to [1e-15, 1]. Calibration metrics come from the
/// Calibration module's adapter when it is part of the build.
public enum MetricRegistry {
    public typealias Metric = @Sendable (_ probabilities: [[Double]], _ labels: [Int], _ classCount: Int) -> Double

    /// Metrics used when a config names none.
    public static let defaultNames = ["accuracy", "uar", "macro_f1", "log_loss"]

    /// Every metric in this build, by name.
    public static var names: [String] { table.map(\.0) }

    public static func metric(_ name: String) -> Metric? { table.first { $0.0 == name }?.1 }

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

    static let accuracy: Metric = { p, y, _ in
        guard !y.isEmpty else { return .nan }
        return Double(zip(p, y).filter { argmax($0.0) == $0.1 }.count) / Double(y.count)
    }

    static func confusion(_ p: [[Double]], _ y: [Int], _ k: Int) -> [[Int]] {
        var c = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        for (row, t) in zip(p, y) where t < k { c[t][argmax(row)] += 1 }
        return c
    }

    static let uar: Metric = { p, y, k in
        let c = confusion(p, y, k)
        let recalls = (0..<k).compactMap { i -> Double? in
            let n = c[i].reduce(0, +)
            return n > 0 ? Double(c[i][i]) / Double(n) : nil
        }
        return recalls.isEmpty ? .nan : recalls.reduce(0, +) / Double(recalls.count)
    }

    static let macroF1: Metric = { p, y, k in
        let c = confusion(p, y, k)
        var f1s: [Double] = []
        for i in 0..<k {
            let tp = Double(c[i][i])
            let support = Double(c[i].reduce(0, +))
            let predicted = Double((0..<k).reduce(0) { $0 + c[$1][i] })
            guard support > 0 || predicted > 0 else { continue }
            f1s.append(tp == 0 ? 0 : 2 * tp / (support + predicted))
        }
        return f1s.isEmpty ? .nan : f1s.reduce(0, +) / Double(f1s.count)
    }

    static let logLoss: Metric = { p, y, _ in
        guard !y.isEmpty else { return .nan }
        var s = 0.0
        for (row, t) in zip(p, y) { s -= log(min(1, max(1e-15, row[t]))) }
        return s / Double(y.count)
    }

    /// The confusion matrix (rows = true class, columns = predicted class).
    public static func confusionMatrix(_ p: [[Double]], _ y: [Int], classCount: Int) -> [[Int]] {
        confusion(p, y, classCount)
    }
}

/// Percentile bootstrap confidence intervals (Efron & Tibshirani 1993, §13.3): resample the
/// rows with replacement `count` times from a seeded SplitMix64 stream, recompute the metric,
/// and take the (1−level)/2 and (1+level)/2 percentiles (numpy linear interpolation). Resamples
/// whose metric is undefined (NaN) are dropped; the number kept is reported.
public enum Bootstrap {
    public static func interval(count: Int, level: Double, seed: UInt64, rows: Int, metric: ([Int]) -> Double)
        -> (low: Double, high: Double, kept: Int)
    {
        guard count > 0, rows > 0 else { return (.nan, .nan, 0) }
        var g = SeededRandom(seed: seed)
        var values: [Double] = []
        values.reserveCapacity(count)
        var idx = [Int](repeating: 0, count: rows)
        for _ in 0..<count {
            for i in 0..<rows { idx[i] = g.index(rows) }
            let v = metric(idx)
            if v.isFinite { values.append(v) }
        }
        guard !values.isEmpty else { return (.nan, .nan, 0) }
        let q = Stats.percentiles(values, [50 * (1 - level), 50 * (1 + level)])
        return (q[0], q[1], values.count)
    }
}
