import Foundation
import Tabular

/// `affect reproduce RUN`: re-runs a recorded run from its `config.resolved.json` (paths resolved
/// from the recorded config directory, data verified against the recorded hashes) into a
/// temporary runs directory with a fresh feature cache, then compares `metrics.json`,
/// `predictions.csv` and `features.csv` byte for byte.
public enum Reproduce {
    public struct Outcome: Sendable {
        /// True when every compared file is byte-identical.
        public var identical: Bool
        /// One line per difference (file and first differing line).
        public var differences: [String]
        /// The re-run's directory (removed unless kept).
        public var rerun: String
    }

    public static let comparedFiles = ["metrics.json", "predictions.csv", "features.csv"]

    /// Loads the plan of a recorded run. `runsDirectory` and `cacheDirectory`, when given,
    /// replace the recorded output locations.
    public static func plan(run: String, registry: Registry, runsDirectory: String?, cacheDirectory: String?)
        throws(ExperimentsError) -> RunPlan
    {
        let fm = FileManager.default
        guard RunRecord.isComplete(run) else {
            throw .record(path: run, message: "is not a complete run record (no manifest.json with status completed)")
        }
        let resolvedPath = URL(fileURLWithPath: run).appendingPathComponent("config.resolved.json").path
        let manifest = try RunRecord.readJSON(URL(fileURLWithPath: run).appendingPathComponent("manifest.json").path)
        var base = "."
        if case .string(let d)? = manifest["config_dir"], fm.fileExists(atPath: d) {
            base = d
        } else if case .string(let c)? = manifest["input"]?["config"] {
            base = URL(fileURLWithPath: c).deletingLastPathComponent().path
        }
        let text: String
        do { text = try String(contentsOfFile: resolvedPath, encoding: .utf8) } catch {
            throw .record(path: resolvedPath, message: "cannot be read")
        }
        var tree = try ConfigValue.parse(yaml: text, source: resolvedPath)
        var ov: [String] = []
        if let r = runsDirectory { ov.append("outputs.dir=\(r)") }
        if let c = cacheDirectory { ov.append("outputs.cache_dir=\(c)") }
        tree = try ExperimentConfig.applyOverrides(ov, to: tree, source: resolvedPath)
        let config = try ExperimentConfig.parse(tree, source: resolvedPath, baseDirectory: base, registry: registry)
        let given: String
        do {
            given = try String(
                contentsOfFile: URL(fileURLWithPath: run).appendingPathComponent("config.yaml").path, encoding: .utf8)
        } catch { throw .record(path: run, message: "config.yaml cannot be read") }
        let plan = try RunPlan.make(config: config, configText: given, registry: registry)
        if case .string(let h)? = manifest["config_sha256"], h != config.hash {
            throw .record(
                path: run,
                message: "the resolved config hashes to \(config.hash.prefix(12))…, not the recorded \(h.prefix(12))…")
        }
        return plan
    }

    /// The compared files that `run` holds (a features-only run has no predictions.csv).
    public static func presentFiles(_ run: String) -> [String] {
        comparedFiles.filter {
            FileManager.default.fileExists(atPath: URL(fileURLWithPath: run).appendingPathComponent($0).path)
        }
    }

    /// Compares the result files of two run directories.
    public static func compare(_ a: String, _ b: String) -> [String] {
        var diffs: [String] = []
        for f in comparedFiles {
            let pa = URL(fileURLWithPath: a).appendingPathComponent(f).path
            let pb = URL(fileURLWithPath: b).appendingPathComponent(f).path
            let da = FileManager.default.contents(atPath: pa)
            let db = FileManager.default.contents(atPath: pb)
            if da == db { continue }
            guard let ta = da.map({ String(decoding: $0, as: UTF8.self) }),
                let tb = db.map({ String(decoding: $0, as: UTF8.self) })
            else {
                diffs.append("\(f): missing in \(da == nil ? a : b)")
                continue
            }
            let la = ta.split(separator: "\n", omittingEmptySubsequences: false)
            let lb = tb.split(separator: "\n", omittingEmptySubsequences: false)
            let n = zip(la, lb).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(la.count, lb.count)
            let shownA = n < la.count ? String(la[n].prefix(160)) : "<end of file>"
            let shownB = n < lb.count ? String(lb[n].prefix(160)) : "<end of file>"
            diffs.append("\(f): differs at line \(n + 1): recorded '\(shownA)' vs re-run '\(shownB)'")
        }
        return diffs
    }
}
