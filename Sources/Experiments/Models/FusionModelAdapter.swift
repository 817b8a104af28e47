import Foundation
import Fusion
import Tabular

/// The Fusion module's models in runs: `logreg` (multinomial logistic regression, scikit-learn's
/// objective) and `mlp`, with early, late or hybrid fusion over the modalities (one Fusion
/// `Modality` per stream kind, availability from the run's per-window mask).
///
/// Hyper-parameters (`fusion.hyperparameters`), snake_case: the classifier's (`C`, `tol`,
/// `max_iter`, `class_weight`, `newton_polish` for logreg; `hidden_layers`, `alpha`,
/// `learning_rate`, `batch_size`, `max_epochs`, `early_stopping`, `validation_fraction`,
/// `patience`, `tol` for mlp) and the fusion layer's (`late_combiner`, `imputation`,
/// `mask_features`, `modality_dropout`, `inner_folds`, `meta_C`), defaults as in Fusion.
struct FusionModelAdapter: ModelAdapter {
    let name: String

    struct LogReg: Codable, Sendable {
        var C = 1.0
        var tol = 1e-8
        var max_iter = 1000
        var class_weight = LogisticRegression.ClassWeight.none
        var newton_polish = true
        var late_combiner = LateCombiner.weighted
        var imputation = Standardizer.Imputation.mean
        var mask_features = true
        var modality_dropout = 0.0
        var inner_folds = 3
        var meta_C = 1.0
    }

    struct MLPHyper: Codable, Sendable {
        var hidden_layers = [64]
        var alpha = 1e-4
        var learning_rate = 1e-3
        var batch_size = 200
        var max_epochs = 200
        var early_stopping = true
        var validation_fraction = 0.1
        var patience = 10
        var tol = 1e-4
        var late_combiner = LateCombiner.weighted
        var imputation = Standardizer.Imputation.mean
        var mask_features = true
        var modality_dropout = 0.0
        var inner_folds = 3
        var meta_C = 1.0
    }

    func parameters(_ json: JSONValue, mode: ExperimentConfig.Fusion.Mode) throws -> FusionParameters {
        let strategy = FusionStrategy(rawValue: mode.rawValue) ?? .early
        if name == "mlp" {
            let h = try ParameterResolver.decode(MLPHyper.self, json)
            return FusionParameters(
                classifier: .mlp(
                    parameters: MLP.Parameters(
                        hiddenLayers: h.hidden_layers, alpha: h.alpha, learningRate: h.learning_rate,
                        batchSize: h.batch_size, maxEpochs: h.max_epochs, earlyStopping: h.early_stopping,
                        validationFraction: h.validation_fraction, patience: h.patience, tol: h.tol)),
                strategy: strategy, lateCombiner: h.late_combiner, imputation: h.imputation,
                maskFeatures: h.mask_features, modalityDropout: h.modality_dropout, innerFolds: h.inner_folds,
                metaC: h.meta_C)
        }
        let h = try ParameterResolver.decode(LogReg.self, json)
        return FusionParameters(
            classifier: .logistic(
                parameters: LogisticRegression.Parameters(
                    C: h.C, tol: h.tol, maxIter: h.max_iter, classWeight: h.class_weight, newtonPolish: h.newton_polish)
            ),
            strategy: strategy, lateCombiner: h.late_combiner, imputation: h.imputation, maskFeatures: h.mask_features,
            modalityDropout: h.modality_dropout, innerFolds: h.inner_folds, metaC: h.meta_C)
    }

    func resolveHyperparameters(_ given: JSONValue, mode: ExperimentConfig.Fusion.Mode, source: String, path: String)
        throws(ExperimentsError) -> JSONValue
    {
        let json =
            name == "mlp"
            ? try ParameterResolver.resolve(
                MLPHyper.self, defaults: MLPHyper(), given: given, source: source, path: path
            ).json
            : try ParameterResolver.resolve(LogReg.self, defaults: LogReg(), given: given, source: source, path: path)
                .json
        do { try parameters(json, mode: mode).validate() } catch {
            throw .invalid(source: source, path: path, message: "\(error)")
        }
        return json
    }

    func fitPredict(
        train: FeatureMatrix, labels: [Int], classCount: Int, predict: [FeatureMatrix],
        fusion: ExperimentConfig.Fusion, seed: UInt64
    ) throws -> [[[Double]]] {
        let params = try parameters(fusion.hyperparameters, mode: fusion.mode)
        let classes = (0..<classCount).map { String($0) }
        let trainTable = try table(train, labels: labels, classes: classes)
        let model = try FusionTrainer.fit(trainTable, parameters: params, seed: seed)
        return try predict.map { m in
            if m.rows.isEmpty { return [] }
            let p = try model.predictProbabilities(try table(m, labels: m.rows.map { _ in -1 }, classes: classes))
            return (0..<p.rows).map { p.row($0) }
        }
    }

    func table(_ m: FeatureMatrix, labels: [Int], classes: [String]) throws -> Fusion.FeatureTable {
        let kinds = DatasetManifest.Stream.Kind.allCases.filter { m.modality.contains($0) }
        let mods = kinds.map { k in
            Modality(name: k.rawValue, prefix: "", columns: m.modality.indices.filter { m.modality[$0] == k })
        }
        let x = try Matrix(rowArrays: m.rows)
        return try Fusion.FeatureTable(
            featureNames: m.names, features: x, subjects: m.subjects, labels: labels, classes: classes,
            modalities: mods,
            available: m.available.map { a in kinds.map { a[$0] == true } })
    }
}
