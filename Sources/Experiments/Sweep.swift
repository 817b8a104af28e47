import ContentHash
import Foundation
import Tabular

/// Sweeps: the `sweep:` block of a config is a grid (key path → list of values); every
/// combination runs as a set of `key.path=value` overrides on the config without its `sweep`
/// block, in a fixed order (keys sorted, last key varying fastest). Combinations already
/// recorded in the runs directory (a completed run with the same config hash) are skipped, so an
/// interrupted sweep resumes where it stopped. `--shard i/n` runs combinations whose index ≡ i
/// (mod n), i in 0..<n, which maps onto Slurm job arrays (`--array=0-(n-1)`).
public enum Sweep {
    /// One combination: its index in the grid and its overrides.
    public struct Combination: Sendable, Equatable {
        public var index: Int
        public var overrides: [String]
    }

    /// All combinations of a grid (empty grid → one combination without overrides).
    public static func combinations(_ grid: [(String, [ConfigValue])]) -> [Combination] {
        var combos: [[String]] = [[]]
        for (key, values) in grid {
            var next: [[String]] = []
            for c in combos {
                for v in values { next.append(c + ["\(key)=\(v.json().rendered(pretty: false))"]) }
            }
            combos = next
        }
        return combos.enumerated().map { Combination(index: $0.offset, overrides: $0.element) }
    }

    /// Parses `i/n` (0 ≤ i < n).
    public static func parseShard(_ text: String) throws(ExperimentsError) -> (index: Int, count: Int) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 0, i < n else {
            throw .invalid(
                source: "command line", path: "--shard",
                message:
                    "'\(text)' must be i/n with 0 <= i < n (e.g. $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT with --array=0-(n-1))"
            )
        }
        return (i, n)
    }

    /// Completed run directories under `runsDirectory`, by config hash.
    public static func recorded(in runsDirectory: String) -> [String: String] {
        var out: [String: String] = [:]
        let fm = FileManager.default
        for entry in ((try? fm.contentsOfDirectory(atPath: runsDirectory)) ?? []).sorted() where !entry.hasPrefix(".") {
            let dir = URL(fileURLWithPath: runsDirectory).appendingPathComponent(entry).path
            guard RunRecord.isComplete(dir),
                let m = try? RunRecord.readJSON(URL(fileURLWithPath: dir).appendingPathComponent("manifest.json").path),
                case .string(let h)? = m["config_sha256"]
            else { continue }
            if out[h] == nil { out[h] = dir }
        }
        return out
    }

    /// `sweep.json` for a set of run directories: one entry per config hash (sorted by hash)
    /// with the run directory name, the overrides and the overall metrics. Independent of how
    /// the runs were sharded, so a merged sharded sweep gives the same file as an unsharded one.
    public static func summary(runDirectories: [String]) throws(ExperimentsError) -> JSONValue {
        var entries: [(String, JSONValue)] = []
        for dir in runDirectories {
            let m = try RunRecord.readJSON(URL(fileURLWithPath: dir).appendingPathComponent("manifest.json").path)
            let metrics = try RunRecord.readJSON(URL(fileURLWithPath: dir).appendingPathComponent("metrics.json").path)
            guard case .string(let h)? = m["config_sha256"] else { continue }
            if entries.contains(where: { $0.0 == h }) { continue }
            entries.append(
                (
                    h,
                    .obj([
                        ("config_sha256", .string(h)), ("run", .string(URL(fileURLWithPath: dir).lastPathComponent)),
                        ("sweep_combination", m["parameters"]?["sweep_combination"] ?? .array([])),
                        (
                            "metrics_sha256",
                            .string(
                                (try? SHA256.hex(
                                    ofFileAt: URL(fileURLWithPath: dir).appendingPathComponent("metrics.json").path))
                                    ?? "unreadable")
                        ),
                        (
                            "predictions_sha256",
                            .string(
                                (try? SHA256.hex(
                                    ofFileAt: URL(fileURLWithPath: dir).appendingPathComponent("predictions.csv").path))
                                    ?? "unreadable")
                        ),
                        ("overall", metrics["overall"] ?? .null),
                    ])
                ))
        }
        entries.sort { $0.0 < $1.0 }
        return .obj([
            ("schema", .string("affect.sweep.v1")), ("input", .array(entries.map { $0.1["run"] ?? .null })),
            ("parameters", .obj([("runs", .integer(entries.count))])), ("runs", .array(entries.map(\.1))),
        ])
    }

    /// Merges shard run directories (each a runs directory) into `output`: copies every complete
    /// run not already there (by config hash) and writes `sweep.json`. Returns the run directories.
    public static func merge(sources: [String], output: String) throws(ExperimentsError) -> [String] {
        let fm = FileManager.default
        do { try fm.createDirectory(atPath: output, withIntermediateDirectories: true) } catch {
            throw .record(path: output, message: "cannot be created")
        }
        var have = recorded(in: output)
        for src in sources {
            guard fm.fileExists(atPath: src) else { throw .file(path: src, message: "no such runs directory") }
            let runs = recorded(in: src)
            for (h, dir) in runs.sorted(by: { $0.key < $1.key }) where have[h] == nil {
                let dest = URL(fileURLWithPath: output).appendingPathComponent(
                    URL(fileURLWithPath: dir).lastPathComponent
                ).path
                if fm.fileExists(atPath: dest) {
                    throw .record(path: dest, message: "exists but is not the same run; refusing to overwrite")
                }
                let tmp = URL(fileURLWithPath: output).appendingPathComponent(
                    ".partial/merge-\(getpid())-\(h.prefix(8))"
                ).path
                do {
                    try? fm.removeItem(atPath: tmp)
                    try fm.createDirectory(
                        atPath: URL(fileURLWithPath: tmp).deletingLastPathComponent().path,
                        withIntermediateDirectories: true)
                    try fm.copyItem(atPath: dir, toPath: tmp)
                    try fm.moveItem(atPath: tmp, toPath: dest)
                } catch { throw .record(path: dest, message: "cannot copy \(dir) (\(error.localizedDescription))") }
                have[h] = dest
            }
        }
        let dirs = have.values.sorted()
        try writeSummary(runDirectories: dirs, output: output)
        return dirs
    }

    public static func writeSummary(runDirectories: [String], output: String) throws(ExperimentsError) {
        let s = try summary(runDirectories: runDirectories)
        do {
            try AtomicFile.write(
                s.rendered() + "\n", to: URL(fileURLWithPath: output).appendingPathComponent("sweep.json").path)
        } catch {
            throw .record(path: output, message: "sweep.json cannot be written (\(error))")
        }
    }
}
