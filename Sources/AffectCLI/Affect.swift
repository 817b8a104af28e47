import ArgumentParser

/// The `affect` command. Results go to stdout, progress and logs to stderr; a user error exits
/// non-zero with one sentence on stderr that names the file, the field and what was expected.
@main
struct Affect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "affect",
        abstract: "AffectWorkbench: affective signal processing with calibrated, per-condition results.",
        discussion: """
            Outputs are probabilities and indicators with measured calibration, never verdicts about a person.
            See README.md for the tour and ../shared/RESPONSIBLE-USE.md for intended use.
            """,
        version: AffectVersion.string,
        subcommands: [
            AudioCommand.self,
            FusionCommand.self,
            FaceCommand.self,
            DatasetsCommand.self,
            RunCommand.self,
            ProsodyCommand.self,
            CalibrateCommand.self,
            PhysioCommand.self,
            ReproduceCommand.self,
            CompareCommand.self,
            MergeCommand.self,
            ReportCommand.self,
        ]
    )
}

/// The workbench version (semantic versioning; bumped with every feature-set change).
enum AffectVersion {
    static let string = "0.1.0"
}
