/// The stages, models and calibrator of this build. Each stage/model/calibrator module is
/// connected through one adapter file in `Stages/`, `Models/` or `Calibrators/`; a name in the
/// `pending` lists is part of the design but not of this build yet (configs naming it are
/// rejected before any work, with that explanation).
extension Registry {
    public static var standard: Registry {
        Registry(
            stages: [], models: [], calibrator: nil, pendingStages: ["prosody", "face", "physio"],
            pendingModels: ["logreg", "mlp"], synthesize: nil)
    }
}
