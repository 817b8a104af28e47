import ArgumentParser
import Experiments
import Foundation

/// `affect merge RUNS_DIR... --out DIR`: combine the runs directories of sweep shards.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract:
            "Merge the runs directories of sweep shards into one (complete runs only, one per config hash) and write sweep.json."
    )

    @Argument(help: "Runs directories written by `affect run --shard i/n`.") var sources: [String]
    @Option(help: "Output runs directory.") var out: String

    func run() throws {
        try userFacing {
            guard !sources.isEmpty else { throw CLIError("give at least one runs directory to merge") }
            let dirs = try Sweep.merge(sources: sources, output: out)
            for d in dirs { emit(d) }
            log("merged \(dirs.count) run(s) into \(out); summary in \(out)/sweep.json")
        }
    }
}
