import ArgumentParser
import Experiments
import Foundation

/// `affect reproduce RUN`: re-run a recorded run and check that its results are byte-identical.
struct ReproduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract:
            "Re-run a recorded run from its record and report whether metrics.json, predictions.csv and features.csv are identical.",
        discussion:
            "Features are recomputed with a fresh cache unless --use-cache. Prints 'identical' or each difference; exit 1 when they differ."
    )

    @Argument(help: "Run directory.") var directory: String
    @Flag(help: "Reuse the recorded feature cache instead of recomputing features.") var useCache = false
    @Flag(help: "Keep the re-run directory (printed) instead of removing it.") var keep = false

    func run() async throws {
        SignalCleanup.install()
        let registry = Registry.standard
        let work = URL(fileURLWithPath: directory).deletingLastPathComponent()
            .appendingPathComponent(".reproduce-\(getpid())").path
        defer { if !keep { try? FileManager.default.removeItem(atPath: work) } }
        let plan = try userFacing {
            try Reproduce.plan(
                run: directory, registry: registry, runsDirectory: work,
                cacheDirectory: useCache ? nil : work + "/cache")
        }
        let progress = ProgressLine(label: "features", total: plan.manifest.recordings.count)
        let dir: String
        do {
            dir = try await Runner.execute(
                plan: plan, registry: registry,
                options: Runner.Options(
                    commandLine: CommandLine.arguments, overrides: [], configPath: directory + "/config.resolved.json",
                    progress: { progress.advance($0) }, blas: BLASDescription.json))
        } catch { throw CLIError("\(error)") }
        let diffs = Reproduce.compare(directory, dir)
        if keep { log("re-run kept in \(dir)") }
        if diffs.isEmpty {
            emit(
                "identical: \(Reproduce.presentFiles(directory).joined(separator: ", ")) match \(directory) byte for byte"
            )
        } else {
            emit("different:")
            for d in diffs { emit("  " + d) }
            throw ExitCode(1)
        }
    }
}
