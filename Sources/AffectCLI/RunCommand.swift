import ArgumentParser
import Experiments
import Foundation
import Fusion
import Tabular

/// `affect run CONFIG.yaml [key.path=value ...] [--out DIR] [--shard i/n]`.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an experiment config (or one shard of its sweep) and write run records.",
        discussion: """
            Validates the config, every sweep combination and the dataset before any expensive work.
            Prints each run directory and its report path on stdout; progress goes to stderr.
            Overrides: key.path=value in YAML syntax, e.g. evaluation.bootstrap=200 'evaluation.metrics=[accuracy,uar]'.
            Sweeps skip combinations already recorded in the runs directory (same config hash), so a rerun resumes.
            """)

    @Argument(help: "Experiment config (YAML, schema affect.experiment.v1).") var config: String
    @Argument(help: "Overrides key.path=value.") var overrides: [String] = []
    @Option(help: "Runs directory (overrides outputs.dir).") var out: String?
    @Option(help: "Run shard i of n of a sweep (0 <= i < n), e.g. $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT.")
    var shard: String?
    @Option(help: "Recordings processed in parallel (default: the number of cores).") var jobs: Int?

    func run() async throws {
        try await runGuarded()
    }

    func runGuarded() async throws {
        SignalCleanup.install()
        let registry = Registry.standard
        var ov = overrides
        if let out { ov.append("outputs.dir=\(out)") }
        let prepared: [RunSession.Prepared] = try userFacing {
            let sh = try shard.map { try Sweep.parseShard($0) }
            if let j = jobs, j < 1 { throw CLIError("--jobs \(j): expected at least 1") }
            return try RunSession.prepare(configPath: config, overrides: ov, shard: sh, registry: registry)
        }
        var dirs: [String] = []
        for p in prepared {
            if let r = p.recorded {
                log("already recorded (config \(p.plan.config.hash.prefix(8))): \(r)")
                dirs.append(r)
                continue
            }
            let label = prepared.count > 1 ? "features [\(p.combination.index)]" : "features"
            let progress = ProgressLine(label: label, total: p.plan.manifest.recordings.count)
            let options = Runner.Options(
                commandLine: CommandLine.arguments, overrides: p.overrides, configPath: config,
                maxConcurrent: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                progress: { progress.advance($0) }, blas: BLASDescription.json,
                sweepCombination: p.combination.overrides)
            let dir: String
            do { dir = try await Runner.execute(plan: p.plan, registry: registry, options: options) } catch let e
                as CLIError
            {
                throw e
            } catch { throw CLIError("\(error)") }
            dirs.append(dir)
            emit(dir)
            emit("report: \(dir)/report.html")
        }
        if prepared.count > 1 || shard != nil {
            let runsDir = prepared.first?.plan.config.outputs.directory ?? "runs"
            try userFacing {
                let all = Sweep.recorded(in: runsDir)
                let hashes = Set(prepared.map { $0.plan.config.hash })
                try Sweep.writeSummary(
                    runDirectories: all.filter { hashes.contains($0.key) }.map(\.value).sorted(), output: runsDir)
            }
            log("sweep: \(dirs.count) run(s); summary in \(runsDir)/sweep.json")
        }
    }
}

/// Removes unfinished run directories on SIGINT/SIGTERM, then exits 130/143. (SIGKILL cannot be
/// caught; its leftovers sit in `<runs>/.partial` and are removed by the next run.)
enum SignalCleanup {
    nonisolated(unsafe) static var sources: [DispatchSourceSignal] = []

    static func install() {
        for (sig, code) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            signal(sig, SIG_IGN)
            let src = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            src.setEventHandler {
                RunRecord.abandonAll()
                log("interrupted: no run directory was left behind")
                exit(code)
            }
            src.resume()
            sources.append(src)
        }
    }
}

/// BLAS library, core and thread count for run manifests (the Fusion module's `BLASInfo`).
enum BLASDescription {
    static var json: JSONValue {
        .obj([
            ("config", .string(BLASInfo.config)), ("core", .string(BLASInfo.coreName)),
            ("threads", .integer(BLASInfo.threads)),
        ])
    }
}
