import Foundation

/// The stages, models and calibrator of this build. Each stage/model/calibrator module is
/// connected through one adapter file in `Stages/`, `Models/` or `Calibrators/`; a name in the
/// `pending` lists is part of the design but not of this build yet (configs naming it are
/// rejected before any work, with that explanation).
extension Registry {
    public static var standard: Registry {
        Registry(
            stages: [ProsodyStageAdapter(), PraatStageAdapter(), FaceStageAdapter(), PhysioStageAdapter()],
            models: [FusionModelAdapter(name: "logreg"), FusionModelAdapter(name: "mlp")],
            calibrator: CalibrationAdapter(), pendingStages: [], pendingModels: [],
            synthesize: SyntheticSource.generate)
    }
}

/// Generates a synthetic corpus (the synthetic-corpus generator's API) for `dataset.synthetic`.
enum SyntheticSource {
    @Sendable static func generate(_ recipe: String, _ outputDirectory: String) throws -> String {
        let config = try SyntheticCorpusConfig.load(path: recipe)
        let summary = try SyntheticCorpus.generate(
            config: config, to: URL(fileURLWithPath: outputDirectory).appendingPathComponent("corpus").path)
        return summary.manifestPath
    }
}
