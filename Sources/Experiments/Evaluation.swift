import Foundation
import SignalCore

/// Out-of-fold predictions of a run: per row the fold, the model's probabilities and the
/// post-hoc calibrated probabilities (equal to the raw ones when calibration is `none`).
public struct RunPredictions: Sendable {
    public var fold: [Int]
    public var raw: [[Double]]
    public var calibrated: [[Double]]
    public var labels: [Int]
}

/// Subject-wise cross-validation with an inner calibration split.
///
/// Folds: `loso` = one fold per subject (subjects in sorted order); `kfold` = subjects shuffled
/// with the split seed and dealt round-robin into k folds. In each fold, when calibration is on,
/// ceil(holdout · n_train_subjects) training subjects (at least 1, leaving at least 1) chosen
/// with the derived split seed form the calibration split: the model is fitted on the rest,
/// predicts both the calibration split and the test fold, and the calibrator fitted on the
/// calibration split is applied to the test fold. Without calibration the model is fitted on
/// all training subjects.
public enum CrossValidation {
    /// Fold index of each subject.
    public static func folds(subjects: [String], evaluation: ExperimentConfig.Evaluation, seed: UInt64) -> [String: Int]
    {
        let unique = Array(Set(subjects)).sorted()
        switch evaluation.protocolKind {
        case .loso, .none:
            return Dictionary(uniqueKeysWithValues: unique.enumerated().map { ($1, $0) })
        case .kfold:
            var g = SeededRandom(seed: seed)
            let shuffled = unique.shuffled(using: &g)
            return Dictionary(uniqueKeysWithValues: shuffled.enumerated().map { ($1, $0 % evaluation.folds) })
        }
    }

    public static func run(
        matrix: FeatureMatrix, labels: [Int], subjects: [String], classCount: Int, config: ExperimentConfig,
        registry: Registry
    ) throws -> RunPredictions {
        guard let model = registry.models.first(where: { $0.name == config.fusion.model }) else {
            throw ExperimentsError.unavailable(
                what: "fusion.model", message: "'\(config.fusion.model)' is not part of this build")
        }
        let foldOf = folds(subjects: subjects, evaluation: config.evaluation, seed: config.seeds.split)
        let foldCount = Set(foldOf.values).count
        var fold = [Int](repeating: -1, count: labels.count)
        var raw = [[Double]](repeating: [], count: labels.count)
        var cal = [[Double]](repeating: [], count: labels.count)
        for f in 0..<foldCount {
            let test = labels.indices.filter { foldOf[subjects[$0]] == f }
            guard !test.isEmpty else { continue }
            let trainAll = labels.indices.filter { foldOf[subjects[$0]] != f }
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
            let trainSubjects = Array(Set(trainAll.map { subjects[$0] })).sorted()
            var g = SeededRandom.derived(seed: config.seeds.split, stream: UInt64(f) &+ 1_000)
            let shuffled = trainSubjects.shuffled(using: &g)
            let k = min(
                max(1, Int((config.calibration.holdout * Double(trainSubjects.count)).rounded(.up))),
                trainSubjects.count - 1)
            let calSubjects = Set(shuffled.prefix(k))
            let inner = trainAll.filter { !calSubjects.contains(subjects[$0]) }
            let calRows = trainAll.filter { calSubjects.contains(subjects[$0]) }
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
