import ArgumentParser

/// `affect-bench CASE`: each case times one workload in process and prints one table row per
/// measurement (Markdown), to paste into Benchmarks/RESULTS.md. Cases live one per file.
@main
struct AffectBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "affect-bench",
        abstract: "Speed benchmarks of AffectWorkbench stages (release build, one core).",
        subcommands: [
            STFTBench.self,
            CalibrationBench.self,
            FusionBench.self,
            FaceBench.self,
            PraatBench.self,
            EGeMAPSBench.self,
            ProsodyBench.self,
            PhysioBench.self,
        ]
    )
}
