import Foundation
import Tabular

/// What `affect run` does: load and validate the config (and every sweep combination, and every
/// combination's dataset) before any expensive work, then run the combinations of this shard
/// that are not recorded yet.
public enum RunSession {
    public struct Prepared: Sendable {
        public var combination: Sweep.Combination
        public var plan: RunPlan
        /// Overrides from the command line followed by the combination's.
        public var overrides: [String]
        /// An existing complete run with the same config hash, when there is one (sweeps only).
        public var recorded: String?
    }

    /// Loads, overrides, expands and validates. `shard` selects combinations (index mod n == i).
    public static func prepare(
        configPath: String, overrides: [String], shard: (index: Int, count: Int)?, registry: Registry
    )
        throws(ExperimentsError) -> [Prepared]
    {
        let loaded = try ExperimentConfig.load(path: configPath, overrides: overrides, registry: registry)
        let base = URL(fileURLWithPath: configPath).deletingLastPathComponent().path
        let combos = Sweep.combinations(loaded.config.sweep)
        let isSweep = !loaded.config.sweep.isEmpty
        if shard != nil && !isSweep {
            throw .invalid(
                source: configPath, path: "--shard",
                message: "the config has no sweep block; --shard splits the combinations of a sweep")
        }
        let mine = combos.filter { shard == nil || $0.index % shard!.count == shard!.index }
        var out: [Prepared] = []
        for combo in mine {
            let config: ExperimentConfig
            if isSweep {
                let tree = try ExperimentConfig.applyOverrides(
                    combo.overrides, to: loaded.tree.removing(key: "sweep"), source: configPath)
                do {
                    config = try ExperimentConfig.parse(
                        tree, source: configPath, baseDirectory: base, registry: registry)
                } catch {
                    throw .invalid(
                        source: configPath, path: "sweep",
                        message: "combination \(combo.overrides.joined(separator: " ")): \(error)")
                }
            } else {
                config = loaded.config
            }
            let plan = try RunPlan.make(config: config, configText: loaded.text, registry: registry)
            let recorded = isSweep ? Sweep.recorded(in: config.outputs.directory)[config.hash] : nil
            out.append(
                Prepared(combination: combo, plan: plan, overrides: overrides + combo.overrides, recorded: recorded))
        }
        return out
    }
}
