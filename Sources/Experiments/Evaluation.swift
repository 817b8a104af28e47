import Foundation
import Fusion
import SignalCore

/// Out-of-fold predictions of a run: per row the fold, the model's probabilities and the
/// post-hoc calibrated probabilities (equal to the raw ones when calibration is `none`).
public struct RunPredictions: Sendable {
    public var fold: [Int]
    public var raw: [[Double]]
    public var calibrated: [[Double]]
    public var labels: [Int]
}

/// Subject-wise cross-validation with an inner calibration split, on the Fusion module's
/// splitters (`Fusion.Splitter`).
///
/// Folds: `loso` = one fold per subject (subjects in natural sort order, `SplitProtocol.leaveOneSubjectOut`);
/// `kfold` = subjects assigned whole to k folds, largest first to the smallest fold
/// (`SplitProtocol.groupKFold`, scikit-learn `GroupKFold`; deterministic, so `seeds.split` does
/// not affect it). In each fold, when calibration is on, `Splitter.groupHoldout` holds out
/// ceil(holdout · n_train_subjects) training subjects (at least 1, leaving at least 1; seeded
/// shuffle with the split seed derived for the fold) as the calibration split: the model is
/// fitted on the rest, predicts both the calibration split and the test fold, and the calibrator
/// fitted on the calibration split is applied to the test fold. A training set with a single
/// subject cannot give a subject-wise calibration split and is an error. Without calibration the
/// model is fitted on all training subjects.
public enum CrossValidation {
    /// The Fusion split protocol of an evaluation block.
    static func splitProtocol(_ e: ExperimentConfig.Evaluation) -> SplitProtocol {
        e.protocolKind == .kfold ? .groupKFold(k: e.folds) : .leaveOneSubjectOut
    }

    /// The folds (Fusion `Fold`s: training and test row indices) of `subjects`.
    public static func folds(subjects: [String], evaluation: ExperimentConfig.Evaluation) throws -> [Fold] {
        do {
            return try Splitter.folds(
                subjects: subjects, labels: subjects.map { _ in 0 }, protocol: splitProtocol(evaluation))
        } catch { throw ExperimentsError.data(message: "evaluation.protocol: \(error)") }
    }

    public static func run(
        matrix: FeatureMatrix, labels: [Int], subjects: [String], classCount: Int, config: ExperimentConfig,
        registry: Registry
    ) throws -> RunPredictions {
        guard let model = registry.models.first(where: { $0.name == config.fusion.model }) else {
            throw ExperimentsError.unavailable(
                what: "fusion.model", message: "'\(config.fusion.model)' is not part of this build")
        }
        var fold = [Int](repeating: -1, count: labels.count)
        var raw = [[Double]](repeating: [], count: labels.count)
        var cal = [[Double]](repeating: [], count: labels.count)
        for split in try folds(subjects: subjects, evaluation: config.evaluation) {
            let f = split.index
            let test = split.test
            guard !test.isEmpty else { continue }
            let trainAll = split.train
            let seed = SeededRandom.derived(seed: config.seeds.model, stream: UInt64(f)).state
            if config.calibration.method == "none" {
                let p = try model.fitPredict(
                    train: matrix.subset(trainAll), labels: trainAll.map { labels[$0] }, classCount: classCount,
                    predict: [matrix.subset(test)], fusion: config.fusion, seed: seed)
                for (j, i) in test.enumerated() {
                    fold[i] = f
                    raw[i] = p[0][j]
                    cal[i] = p[0][j]
                }
                continue
            }
            guard Set(trainAll.map { subjects[$0] }).count >= 2 else {
                throw ExperimentsError.data(
                    message:
                        "fold \(f) (\(split.name)) trains on a single subject, which leaves none for a subject-wise calibration split; use more subjects or fewer folds"
                )
            }
            let inner: [Int]
            let calRows: [Int]
            do {
                (inner, calRows) = try Splitter.groupHoldout(
                    rows: trainAll, subjects: subjects, fraction: config.calibration.holdout,
                    seed: SeededRandom.derived(seed: config.seeds.split, stream: UInt64(f) &+ 1_000).state)
            } catch { throw ExperimentsError.data(message: "calibration split of fold \(f): \(error)") }
            let p = try model.fitPredict(
                train: matrix.subset(inner), labels: inner.map { labels[$0] }, classCount: classCount,
                predict: [matrix.subset(calRows), matrix.subset(test)], fusion: config.fusion, seed: seed)
            guard let calibrator = registry.calibrator else {
                throw ExperimentsError.unavailable(what: "calibration.method", message: "no calibrator in this build")
            }
            let c = try calibrator.fitApply(
                method: config.calibration.method, probabilities: p[0], labels: calRows.map { labels[$0] }, apply: p[1])
            for (j, i) in test.enumerated() {
                fold[i] = f
                raw[i] = p[1][j]
                cal[i] = c[j]
            }
        }
        return RunPredictions(fold: fold, raw: raw, calibrated: cal, labels: labels)
    }
}
