import ContentHash
import Foundation
import Tabular

/// An experiment config, schema `affect.experiment.v1` (YAML). Every field, its default and its
/// allowed values are listed in `Experiments/README.md`; `ExperimentConfig.parse` is the one
/// place where they are validated.
///
/// Relative paths are relative to the config file's directory (`baseDirectory`).
public struct ExperimentConfig: Sendable, Equatable {
    public static let schema = "affect.experiment.v1"

    /// Dataset: a manifest (`affect.dataset.v1`) or a synthetic-corpus recipe generated on demand.
    public struct Dataset: Sendable, Equatable {
        /// Path of an `affect.dataset.v1` manifest, or nil when `synthetic` is set.
        public var manifest: String?
        /// Path of a synthetic-corpus generator config; generated into `cacheDirectory` if absent.
        public var synthetic: String?
        /// Where generated corpora are kept (relative to the working directory). Default `runs/.cache/datasets`.
        public var cacheDirectory: String
        /// The segment field used as the class label. Default `label`.
        public var label: String
    }

    /// How recordings are cut into analysis windows.
    public struct Windowing: Sendable, Equatable {
        public enum Mode: String, Sendable, CaseIterable { case fixed, events, segments }
        /// `fixed`: windows of `lengthS` every `hopS` seconds inside each labelled segment;
        /// `events`: one epoch per labelled segment from `start_s + offsetS`, `lengthS` long;
        /// `segments`: one window per labelled segment, spanning it exactly (`lengthS`, `hopS`
        /// and `offsetS` do not apply and are 0).
        public var mode: Mode
        /// Window length in seconds (> 0). Default 5.
        public var lengthS: Double
        /// Hop in seconds (> 0; fixed mode). Default = `lengthS` (no overlap).
        public var hopS: Double
        /// Epoch start relative to the segment start in seconds (events mode). Default 0.
        public var offsetS: Double
        /// A modality counts as available in a window when its stream covers at least this
        /// fraction of the window (0–1). Default 0.9.
        public var minCoverage: Double
    }

    /// One feature stage: its name (`prosody`, `face`, `physio`, …) and parameters (the stage's
    /// own `Codable` parameters; keys not in the stage's parameters are rejected).
    public struct Stage: Sendable, Equatable {
        public var name: String
        public var parameters: JSONValue
    }

    /// The fusion model. Unused in a features-only run (`evaluation.protocol: none`), where the
    /// config has no `fusion` block and this holds the placeholder `FeaturesOnly.fusion`.
    public struct Fusion: Sendable, Equatable {
        public enum Mode: String, Sendable, CaseIterable { case early, late, hybrid }
        public var mode: Mode
        /// Model name (e.g. `logreg`, `mlp`).
        public var model: String
        /// Model hyper-parameters as given (validated by the model adapter).
        public var hyperparameters: JSONValue
    }

    /// Post-hoc calibration, fitted on an inner split of each training fold. Unused (method
    /// `none`) in a features-only run.
    public struct Calibration: Sendable, Equatable {
        /// `none`, `temperature`, `platt`, `isotonic`, `histogram`, `beta`, `dirichlet`.
        public var method: String
        /// Fraction of training subjects held out to fit the calibrator (0–1, exclusive). Default 0.25.
        public var holdout: Double
        /// Reliability bins for ECE and diagrams. Default 15.
        public var bins: Int
    }

    /// Evaluation protocol.
    public struct Evaluation: Sendable, Equatable {
        public enum ProtocolKind: String, Sendable, CaseIterable { case loso, kfold, none }
        /// `loso` (leave one subject out, default), `kfold` (subject-grouped k folds) or `none`
        /// (features-only run: no model, no calibration, no predictions; the run record holds the
        /// features and their comparison with declared references).
        public var protocolKind: ProtocolKind
        /// Folds for `kfold` (>= 2). Default 5.
        public var folds: Int
        /// Metric names (see `MetricRegistry`). Default: accuracy, uar, macro_f1, log_loss.
        public var metrics: [String]
        /// Bootstrap resamples for CIs (0 = none). Default 1000.
        public var bootstrap: Int
        /// CI level. Default 0.95.
        public var ciLevel: Double
        /// Manifest condition keys to break results down by.
        public var conditions: [String]
        /// Manifest group keys to break results down by.
        public var groups: [String]
        /// Whether to re-run the evaluation with each modality removed. Default true.
        public var ablation: Bool
    }

    /// Seeds for every random choice (SplitMix64 streams).
    public struct Seeds: Sendable, Equatable {
        public var split: UInt64
        public var model: UInt64
        public var bootstrap: UInt64
    }

    /// Where results go.
    public struct Outputs: Sendable, Equatable {
        /// Directory holding run records (relative to the working directory). Default `runs`.
        public var directory: String
        /// Feature cache directory (relative to the working directory). Default `runs/.cache/features`.
        public var cacheDirectory: String
    }

    public var name: String
    public var purpose: String
    public var intendedUse: String
    public var dataset: Dataset
    public var windowing: Windowing
    public var stages: [Stage]
    public var fusion: Fusion
    public var calibration: Calibration
    public var evaluation: Evaluation
    public var seeds: Seeds
    public var outputs: Outputs
    /// Comparisons of stage outputs with declared reference values (may be empty), by name.
    public var comparisons: [Comparison]
    /// Sweep grid: key path → values (run as overrides, in sorted key order).
    public var sweep: [(String, [ConfigValue])]
    /// The directory relative paths are resolved against.
    public var baseDirectory: String
    /// The file the config came from (for errors).
    public var source: String

    /// True for `evaluation.protocol: none` (no model is fitted).
    public var isFeaturesOnly: Bool { evaluation.protocolKind == .none }

    public static func == (a: ExperimentConfig, b: ExperimentConfig) -> Bool {
        a.resolvedJSON() == b.resolvedJSON() && a.baseDirectory == b.baseDirectory
    }

    /// Known calibration methods (the calibration module provides each except `none`).
    public static let calibrationMethods = [
        "none", "temperature", "platt", "isotonic", "histogram", "beta", "dirichlet",
    ]

    // MARK: Parsing

    /// Parses and validates a config tree. `stageNames`/`modelNames`/`metricNames` are the
    /// choices available in this build (names outside them are rejected with a suggestion).
    public static func parse(_ root: ConfigValue, source: String, baseDirectory: String, registry: Registry)
        throws(ExperimentsError) -> ExperimentConfig
    {
        var r = try ConfigReader(root, source: source, path: "")
        let schema = try r.string("schema")
        guard schema == Self.schema else {
            throw r.fail("schema", root["schema"], "'\(schema)' is not supported; expected '\(Self.schema)'")
        }
        let name = try r.string("name")
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw r.fail(
                "name", root["name"],
                "'\(name)' must be non-empty letters, digits, '-' or '_' (it names the run directory)")
        }
        let purpose = try r.string("purpose")
        let intended = try r.string("intended_use")
        for (k, v) in [("purpose", purpose), ("intended_use", intended)]
        where v.trimmingCharacters(in: .whitespacesAndNewlines).count < 10 {
            throw r.fail(k, root[k], "must state it in a sentence (at least 10 characters)")
        }

        var d = try r.reader("dataset", required: true)!
        let manifest = try d.optionalString("manifest")
        let synthetic = try d.optionalString("synthetic")
        if (manifest == nil) == (synthetic == nil) {
            throw d.fail(
                "manifest", nil,
                "give exactly one of 'dataset.manifest' (a manifest file) or 'dataset.synthetic' (a generator config)")
        }
        let dataset = Dataset(
            manifest: manifest, synthetic: synthetic,
            cacheDirectory: try d.string("cache_dir", default: "runs/.cache/datasets"),
            label: try d.string("label", default: "label"))
        try d.finish()

        var w = try r.reader("windowing") ?? ConfigReader(.map([], line: 0), source: source, path: "windowing")
        let mode = Windowing.Mode(
            rawValue: try w.string("mode", default: "fixed", oneOf: Windowing.Mode.allCases.map(\.rawValue)))!
        let windowing: Windowing
        if mode == .segments {
            for k in ["length_s", "hop_s", "offset_s"] where w.has(k) {
                throw w.fail(
                    k, root["windowing"]?[k],
                    "has no meaning with windowing.mode 'segments' (one window spans each labelled segment); remove it")
            }
            windowing = Windowing(
                mode: mode, lengthS: 0, hopS: 0, offsetS: 0,
                minCoverage: try w.double("min_coverage", default: 0.9, min: 0, max: 1))
        } else {
            let length = try w.double("length_s", default: 5, min: 0, exclusiveMin: true)
            windowing = Windowing(
                mode: mode, lengthS: length, hopS: try w.double("hop_s", default: length, min: 0, exclusiveMin: true),
                offsetS: try w.double("offset_s", default: 0),
                minCoverage: try w.double("min_coverage", default: 0.9, min: 0, max: 1))
        }
        try w.finish()

        var stages: [Stage] = []
        guard let sv = r.raw("stages") else {
            throw r.fail("stages", nil, "is required; expected a mapping of stage name → parameters")
        }
        guard case .map(let stagePairs, _) = sv else {
            throw r.fail("stages", sv, "expected a mapping of stage name → {parameters}, found \(sv.kindName)")
        }
        for (sname, sval) in stagePairs {
            let path = "stages.\(sname)"
            if registry.pendingStages.contains(sname) && !registry.stages.contains(where: { $0.name == sname }) {
                throw .unavailable(
                    what: path,
                    message: "the \(sname) stage is not part of this build yet; remove it or set enabled: false")
            }
            guard let adapter = registry.stages.first(where: { $0.name == sname }) else {
                throw .invalid(
                    source: source, path: path,
                    message: "unknown stage; "
                        + Suggest.hint(sname, in: registry.stages.map(\.name) + registry.pendingStages))
            }
            var sr = try ConfigReader(sval.isNull ? .map([], line: 0) : sval, source: source, path: path)
            let enabled = try sr.bool("enabled", default: true)
            let given = sr.raw("parameters")?.json() ?? .object([])
            try sr.finish()
            guard enabled else { continue }
            let params = try adapter.resolveParameters(given, source: source, path: "\(path).parameters")
            stages.append(Stage(name: sname, parameters: params))
        }
        // Stage order (and so feature column order) is by name, as in the resolved config, so a
        // re-run from config.resolved.json computes exactly the same thing.
        stages.sort { $0.name < $1.name }
        guard !stages.isEmpty else { throw r.fail("stages", sv, "no stage is enabled; expected at least one") }

        // A features-only run (evaluation.protocol: none) fits no model: the model and
        // calibration keys have no meaning there and are rejected with their key path.
        var featuresOnly = false
        if case .scalar(let p, _, _)? = root["evaluation"]?["protocol"], p == Evaluation.ProtocolKind.none.rawValue {
            featuresOnly = true
        }
        let fusion: Fusion
        let calibration: Calibration
        let evaluation: Evaluation
        if featuresOnly {
            for k in ["fusion", "calibration"] where r.has(k) {
                throw r.fail(
                    k, root[k],
                    "no model is fitted or calibrated when evaluation.protocol is 'none' (features-only run); remove the \(k) block"
                )
            }
            _ = r.raw("fusion")
            _ = r.raw("calibration")
            var e = try r.reader("evaluation", required: true)!
            _ = try e.string("protocol")
            for k in ["folds", "metrics", "bootstrap", "ci_level", "ablation"] where e.has(k) {
                throw e.fail(
                    k, root["evaluation"]?[k],
                    "has no meaning when evaluation.protocol is 'none' (no model, no predictions, no metrics); remove it"
                )
            }
            evaluation = Evaluation(
                protocolKind: .none, folds: 0, metrics: [], bootstrap: 0, ciLevel: 0.95,
                conditions: try e.strings("conditions", default: []), groups: try e.strings("groups", default: []),
                ablation: false)
            try e.finish()
            fusion = FeaturesOnly.fusion
            calibration = FeaturesOnly.calibration
        } else {
            (fusion, calibration, evaluation) = try parseModel(&r, root: root, source: source, registry: registry)
        }

        var s = try r.reader("seeds") ?? ConfigReader(.map([], line: 0), source: source, path: "seeds")
        let seeds = Seeds(
            split: try s.uint64("split", default: 1), model: try s.uint64("model", default: 2),
            bootstrap: try s.uint64("bootstrap", default: 3))
        try s.finish()

        var o = try r.reader("outputs") ?? ConfigReader(.map([], line: 0), source: source, path: "outputs")
        let outputs = Outputs(
            directory: try o.string("dir", default: "runs"),
            cacheDirectory: try o.string("cache_dir", default: "runs/.cache/features"))
        try o.finish()

        var sweep: [(String, [ConfigValue])] = []
        if let sw = r.raw("sweep") {
            guard case .map(let pairs, _) = sw else {
                throw r.fail("sweep", sw, "expected a mapping of key.path → [values]")
            }
            for (k, v) in pairs.sorted(by: { $0.0 < $1.0 }) {
                guard case .list(let values, _) = v, !values.isEmpty else {
                    throw .invalid(source: source, path: "sweep.\(k)", message: "expected a non-empty list of values")
                }
                if k.hasPrefix("sweep") || k.hasPrefix("outputs") {
                    throw .invalid(
                        source: source, path: "sweep.\(k)", message: "cannot sweep over 'sweep' or 'outputs'")
                }
                sweep.append((k, values))
            }
        }
        let comparisons = try Comparison.parse(r.raw("comparison"), source: source)
        try r.finish()

        return ExperimentConfig(
            name: name, purpose: purpose, intendedUse: intended, dataset: dataset, windowing: windowing, stages: stages,
            fusion: fusion, calibration: calibration, evaluation: evaluation, seeds: seeds, outputs: outputs,
            comparisons: comparisons, sweep: sweep, baseDirectory: baseDirectory, source: source)
    }

    /// The model, calibration and evaluation blocks of a config that fits a model.
    private static func parseModel(_ r: inout ConfigReader, root: ConfigValue, source: String, registry: Registry)
        throws(ExperimentsError) -> (Fusion, Calibration, Evaluation)
    {
        var f = try r.reader("fusion", required: true)!
        let fmode = Fusion.Mode(
            rawValue: try f.string("mode", default: "early", oneOf: Fusion.Mode.allCases.map(\.rawValue)))!
        let model = try f.string("model", default: "logreg")
        if registry.pendingModels.contains(model) && !registry.models.contains(where: { $0.name == model }) {
            throw .unavailable(
                what: "fusion.model",
                message:
                    "'\(model)' is not part of this build yet; available: \(registry.models.map(\.name).joined(separator: ", "))"
            )
        }
        guard let modelAdapter = registry.models.first(where: { $0.name == model }) else {
            throw f.fail(
                "model", root["fusion"]?["model"],
                "'\(model)' is not available; "
                    + Suggest.hint(model, in: registry.models.map(\.name) + registry.pendingModels))
        }
        let hyper = try modelAdapter.resolveHyperparameters(
            f.raw("hyperparameters")?.json() ?? .object([]), mode: fmode, source: source, path: "fusion.hyperparameters"
        )
        try f.finish()

        var c = try r.reader("calibration") ?? ConfigReader(.map([], line: 0), source: source, path: "calibration")
        let method = try c.string("method", default: "none", oneOf: calibrationMethods)
        if method != "none" && registry.calibrator == nil {
            throw c.fail(
                "method", root["calibration"]?["method"],
                "'\(method)' needs the Calibration module's calibrators, which are not part of this build; use 'none'")
        }
        let calibration = Calibration(
            method: method, holdout: try c.double("holdout", default: 0.25, min: 0, max: 0.9, exclusiveMin: true),
            bins: try c.int("bins", default: 15, min: 2, max: 1000))
        try c.finish()

        var e = try r.reader("evaluation") ?? ConfigReader(.map([], line: 0), source: source, path: "evaluation")
        let proto = Evaluation.ProtocolKind(
            rawValue: try e.string("protocol", default: "loso", oneOf: Evaluation.ProtocolKind.allCases.map(\.rawValue))
        )!
        let evaluation = Evaluation(
            protocolKind: proto, folds: try e.int("folds", default: 5, min: 2),
            metrics: try e.strings("metrics", default: MetricRegistry.defaultNames, oneOf: MetricRegistry.names),
            bootstrap: try e.int("bootstrap", default: 1000, min: 0, max: 100_000),
            ciLevel: try e.double("ci_level", default: 0.95, min: 0.5, max: 0.999),
            conditions: try e.strings("conditions", default: []), groups: try e.strings("groups", default: []),
            ablation: try e.bool("ablation", default: true))
        try e.finish()
        if evaluation.metrics.isEmpty { throw e.fail("metrics", nil, "is empty; expected at least one metric") }
        return (Fusion(mode: fmode, model: model, hyperparameters: hyper), calibration, evaluation)
    }

    /// Placeholders for the model blocks of a features-only run (never used to fit anything).
    public enum FeaturesOnly {
        public static let fusion = Fusion(mode: .early, model: "none", hyperparameters: .object([]))
        public static let calibration = Calibration(method: "none", holdout: 0.25, bins: 15)
    }

    /// Reads, overrides and validates a config file. Overrides are `key.path=value` (value in YAML
    /// syntax, e.g. `evaluation.metrics=[accuracy,uar]`).
    public static func load(path: String, overrides: [String] = [], registry: Registry) throws(ExperimentsError)
        -> (config: ExperimentConfig, text: String, tree: ConfigValue)
    {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .file(
                path: path,
                message: FileManager.default.fileExists(atPath: path)
                    ? "cannot be read as UTF-8 text" : "no such config file")
        }
        var tree = try ConfigValue.parse(yaml: text, source: path)
        tree = try applyOverrides(overrides, to: tree, source: path)
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return (try parse(tree, source: path, baseDirectory: base, registry: registry), text, tree)
    }

    /// Applies `key.path=value` overrides to a config tree.
    public static func applyOverrides(_ overrides: [String], to tree: ConfigValue, source: String)
        throws(ExperimentsError) -> ConfigValue
    {
        var t = tree
        for o in overrides {
            guard let eq = o.firstIndex(of: "="), eq != o.startIndex else {
                throw .invalid(
                    source: "command line", path: o, message: "expected an override of the form key.path=value")
            }
            let key = String(o[..<eq])
            let text = String(o[o.index(after: eq)...])
            let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !parts.contains(where: \.isEmpty) else {
                throw .invalid(source: "command line", path: key, message: "empty key segment; expected key.path=value")
            }
            let value: ConfigValue
            if text.isEmpty {
                value = .scalar("", plain: false, line: 0)
            } else {
                do { value = try ConfigValue.parse(yaml: text, source: "override \(key)") } catch {
                    value = .scalar(text, plain: false, line: 0)
                }
            }
            t = t.setting(path: parts, to: value)
        }
        return t
    }

    // MARK: Resolved form and hash

    /// The config with every default filled in, as JSON with sorted keys (what
    /// `config.resolved.json` holds). `sweep` is left out: a resolved config is one combination.
    public func resolvedJSON(includeOutputs: Bool = true) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("schema", .string(Self.schema)), ("name", .string(name)), ("purpose", .string(purpose)),
            ("intended_use", .string(intendedUse)),
            (
                "dataset",
                .obj(
                    [("cache_dir", .string(dataset.cacheDirectory)), ("label", .string(dataset.label))]
                        + (dataset.manifest.map { [("manifest", JSONValue.string($0))] } ?? [])
                        + (dataset.synthetic.map { [("synthetic", JSONValue.string($0))] } ?? []))
            ),
            (
                "windowing",
                .obj(
                    [("mode", .string(windowing.mode.rawValue))]
                        + (windowing.mode == .segments
                            ? []
                            : [
                                ("length_s", .number(windowing.lengthS)), ("hop_s", .number(windowing.hopS)),
                                ("offset_s", .number(windowing.offsetS)),
                            ]) + [("min_coverage", .number(windowing.minCoverage))])
            ),
            (
                "stages",
                .object(stages.map { ($0.name, .obj([("enabled", .bool(true)), ("parameters", $0.parameters)])) })
            ),
        ]
        if isFeaturesOnly {
            pairs.append(
                (
                    "evaluation",
                    .obj([
                        ("protocol", .string(evaluation.protocolKind.rawValue)),
                        ("conditions", .array(evaluation.conditions.map { .string($0) })),
                        ("groups", .array(evaluation.groups.map { .string($0) })),
                    ])
                ))
        } else {
            pairs += [
                (
                    "fusion",
                    .obj([
                        ("mode", .string(fusion.mode.rawValue)), ("model", .string(fusion.model)),
                        ("hyperparameters", fusion.hyperparameters),
                    ])
                ),
                (
                    "calibration",
                    .obj([
                        ("method", .string(calibration.method)), ("holdout", .number(calibration.holdout)),
                        ("bins", .integer(calibration.bins)),
                    ])
                ),
                (
                    "evaluation",
                    .obj([
                        ("protocol", .string(evaluation.protocolKind.rawValue)),
                        ("folds", .integer(evaluation.folds)),
                        ("metrics", .array(evaluation.metrics.map { .string($0) })),
                        ("bootstrap", .integer(evaluation.bootstrap)), ("ci_level", .number(evaluation.ciLevel)),
                        ("conditions", .array(evaluation.conditions.map { .string($0) })),
                        ("groups", .array(evaluation.groups.map { .string($0) })),
                        ("ablation", .bool(evaluation.ablation)),
                    ])
                ),
            ]
        }
        if !comparisons.isEmpty {
            pairs.append(("comparison", .object(comparisons.map { ($0.name, $0.json) })))
        }
        pairs += [
            (
                "seeds",
                .obj([
                    ("split", Self.seedJSON(seeds.split)), ("model", Self.seedJSON(seeds.model)),
                    ("bootstrap", Self.seedJSON(seeds.bootstrap)),
                ])
            )
        ]
        if includeOutputs {
            pairs.append(
                (
                    "outputs",
                    .obj([("dir", .string(outputs.directory)), ("cache_dir", .string(outputs.cacheDirectory))])
                ))
        }
        return JSONValue.object(pairs).sortedKeys()
    }

    /// A seed as a JSON integer when it fits in `Int`, else as a decimal string.
    static func seedJSON(_ s: UInt64) -> JSONValue { s <= UInt64(Int.max) ? .integer(Int(s)) : .string(String(s)) }

    /// SHA-256 of the compact resolved JSON without `outputs` (where results go does not change
    /// what they are). Two configs with the same hash describe the same experiment.
    public var hash: String { SHA256.hex(of: resolvedJSON(includeOutputs: false).rendered(pretty: false)) }
}
