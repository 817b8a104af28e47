import Foundation
import SignalCore

/// An inner calibration split inside each outer training fold: a seeded `fraction` of the
/// training subjects is held out; the model is fitted on the rest and predicts both the held-out
/// calibration rows (for post-hoc calibrators) and the outer test rows.
public struct CalibrationSplit: Codable, Sendable, Equatable {
    /// Share of training subjects held out for calibration (default 0.25).
    public var fraction: Double
    public init(fraction: Double = 0.25) { self.fraction = fraction }
}

/// Predictions of one outer fold's model on its inner calibration rows.
public struct CalibrationPredictions: Sendable, Equatable {
    public var fold: Int
    /// Row indices into the table.
    public var rows: [Int]
    /// rows.count × K.
    public var probabilities: Matrix
}

/// Out-of-fold predictions: every row predicted exactly once, by the model of the fold that
/// held it out. `probabilities` rows follow the table's row order.
public struct OutOfFoldPredictions: Sendable {
    public var classes: [String]
    /// n × K.
    public var probabilities: Matrix
    /// Fold index per row.
    public var foldOf: [Int]
    public var folds: [Fold]
    /// The model fitted in each fold (index = fold index).
    public var models: [FusionModel]
    /// Inner calibration predictions per fold (empty without a `CalibrationSplit`).
    public var calibration: [CalibrationPredictions]

    /// Argmax class per row.
    public var predictedClasses: [Int] { ClassificationMetrics.argmax(probabilities) }
}

/// Cross-validation metrics: pooled over all out-of-fold rows, per fold, and their summary.
public struct CrossValidationReport: Sendable {
    public struct FoldSummary: Sendable, Equatable {
        public var meanAccuracy, meanUAR, meanMacroF1, meanLogLoss: Double
        /// Sample standard deviations (ddof = 1) across folds.
        public var sdAccuracy, sdUAR, sdMacroF1, sdLogLoss: Double
    }

    /// Accuracy per availability pattern (e.g. "prosody+physio") with its row count.
    public struct MaskRow: Sendable, Equatable {
        public var pattern: String
        public var n: Int
        public var accuracy: Double
        public var uar: Double
        public var logLoss: Double
    }

    public var pooled: ClassificationMetrics.Report
    public var perFold: [(fold: Fold, report: ClassificationMetrics.Report)]
    public var summary: FoldSummary
    public var perMask: [MaskRow]
}

/// Subject-wise cross-validation of fusion models (leave-one-subject-out by default). Every
/// step that learns from data — imputation, standardisation, weights, meta-models, early
/// stopping — is fitted inside the training fold only.
public enum CrossValidation {
    /// Runs the protocol and returns out-of-fold probabilities.
    ///
    /// - Parameters:
    ///   - table: labelled feature table.
    ///   - parameters: the fusion model.
    ///   - protocol: outer split (default leave-one-subject-out).
    ///   - calibration: optional inner calibration split per fold.
    ///   - testTable: optional table with the same rows whose test-time features or masks differ
    ///     (e.g. a modality removed for some subjects); training always uses `table`.
    ///   - seed: fixes every random choice (fold seeds are derived from it and the fold index).
    public static func run(
        table: FeatureTable, parameters: FusionParameters, protocol p: SplitProtocol = .leaveOneSubjectOut,
        calibration: CalibrationSplit? = nil, testTable: FeatureTable? = nil, seed: UInt64 = 0
    ) throws(FusionError) -> OutOfFoldPredictions {
        try parameters.validate()
        if let c = calibration, !(c.fraction > 0 && c.fraction < 1) {
            throw .invalidParameter(name: "calibration fraction", value: "\(c.fraction)", expected: "0 < fraction < 1")
        }
        let test = testTable ?? table
        guard test.count == table.count, test.featureNames == table.featureNames, test.labels == table.labels else {
            throw .invalidData("the test table must have the same rows, labels and features as the training table")
        }
        let folds = try Splitter.folds(table, protocol: p, seed: seed)
        let k = table.classes.count
        var probs = Matrix(rows: table.count, cols: k)
        var foldOf = [Int](repeating: -1, count: table.count)
        var models: [FusionModel] = []
        var cal: [CalibrationPredictions] = []
        for f in folds {
            let foldSeed = SeededRandom.derived(seed: seed, stream: UInt64(f.index) + 1).state
            var fitRows = f.train
            var calRows: [Int] = []
            if let c = calibration {
                let s = try Splitter.groupHoldout(
                    rows: f.train, subjects: table.subjects, fraction: c.fraction, seed: foldSeed ^ 0xCA1)
                fitRows = s.fit
                calRows = s.heldOut
            }
            let model: FusionModel
            do {
                model = try FusionTrainer.fit(table.selectingRows(fitRows), parameters: parameters, seed: foldSeed)
            } catch {
                throw .invalidData("fold \(f.index) (held out: \(f.name)): \(error)")
            }
            let pt = try model.predictProbabilities(test.selectingRows(f.test))
            for (r, i) in f.test.enumerated() {
                for j in 0..<k { probs[i, j] = pt[r, j] }
                foldOf[i] = f.index
            }
            if !calRows.isEmpty {
                cal.append(
                    CalibrationPredictions(
                        fold: f.index, rows: calRows,
                        probabilities: try model.predictProbabilities(table.selectingRows(calRows))))
            }
            models.append(model)
        }
        return OutOfFoldPredictions(
            classes: table.classes, probabilities: probs, foldOf: foldOf, folds: folds, models: models, calibration: cal
        )
    }

    /// Pooled, per-fold and per-mask metrics of out-of-fold predictions. `maskTable` supplies the
    /// availability patterns (the test table when modalities were removed at test time).
    public static func report(_ oof: OutOfFoldPredictions, labels: [Int], maskTable: FeatureTable? = nil)
        -> CrossValidationReport
    {
        let pooled = ClassificationMetrics.report(oof.probabilities, labels)
        let perFold = oof.folds.map { f in
            (f, ClassificationMetrics.report(oof.probabilities.selectingRows(f.test), f.test.map { labels[$0] }))
        }
        func ms(_ xs: [Double]) -> (Double, Double) { (Stats.mean(xs), Stats.sd(xs, ddof: 1)) }
        let a = ms(perFold.map(\.1.accuracy))
        let u = ms(perFold.map(\.1.uar))
        let f1 = ms(perFold.map(\.1.macroF1))
        let ll = ms(perFold.map(\.1.logLoss))
        var perMask: [CrossValidationReport.MaskRow] = []
        if let t = maskTable {
            var byPattern: [String: [Int]] = [:]
            for i in 0..<t.count { byPattern[t.maskPattern(i), default: []].append(i) }
            for pattern in byPattern.keys.sorted() {
                let rows = byPattern[pattern]!
                let r = ClassificationMetrics.report(oof.probabilities.selectingRows(rows), rows.map { labels[$0] })
                perMask.append(
                    .init(pattern: pattern, n: rows.count, accuracy: r.accuracy, uar: r.uar, logLoss: r.logLoss))
            }
        }
        return CrossValidationReport(
            pooled: pooled, perFold: perFold,
            summary: .init(
                meanAccuracy: a.0, meanUAR: u.0, meanMacroF1: f1.0, meanLogLoss: ll.0, sdAccuracy: a.1, sdUAR: u.1,
                sdMacroF1: f1.1, sdLogLoss: ll.1),
            perMask: perMask)
    }
}
