import ArgumentParser
import Experiments
import Foundation

/// `affect datasets synth`: generate the synthetic multimodal corpus.
struct DatasetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets", abstract: "Dataset tools: generate the synthetic multimodal corpus.",
        subcommands: [Synth.self])

    struct Synth: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Generate a synthetic multimodal corpus (audio, landmarks, physiology) with planted ground truth.",
            discussion: """
                Writes DIR/manifest.yaml (affect.dataset.v1), the data files, truth.csv and truth/ beside them.
                Results on this corpus say nothing about real emotions: see Datasets/synthetic/README.md.
                """)

        @Option(help: "Generator config (YAML, schema affect.synthetic.v1).")
        var config: String = "Datasets/synthetic/default.yaml"
        @Option(help: "Output directory (must not exist unless --force).") var out: String
        @Option(help: "Seed (overrides the config's seed).") var seed: UInt64?
        @Flag(help: "Replace an existing output directory (after the new corpus is complete).") var force = false

        func run() throws {
            try userFacing {
                let cfg = try SyntheticCorpusConfig.load(path: config)
                let start = Date()
                let total = cfg.subjects * cfg.sessions
                let progress = ProgressLine(label: "synth", total: total)
                let summary = try SyntheticCorpus.generate(
                    config: cfg, seed: seed, to: out, overwrite: force, progress: { progress.advance($0) })
                let seconds = Date().timeIntervalSince(start)
                log(
                    "wrote \(summary.directory): \(summary.recordings) recordings, \(summary.segments) segments, "
                        + "\(String(format: "%.1f", summary.totalDurationS / 60)) min, \(summary.files) files, "
                        + "\(String(format: "%.1f", Double(summary.bytes) / 1e6)) MB in \(String(format: "%.2f", seconds)) s"
                )
                emit(summary.manifestPath)
            }
        }
    }
}
