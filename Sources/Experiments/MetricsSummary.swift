import Foundation
import SignalCore
import Tabular

/// Metrics of a run, overall and per condition/group value, each with a bias-corrected percentile
/// bootstrap CI over subjects (`Bootstrap`); for each condition/group key the gap (max − min across
/// its values) with a CI from resampling subjects within every value; the confusion matrix; and the
/// per-modality ablation.
public struct MetricsSummary: Sendable {
    public struct Estimate: Sendable, Equatable {
        public var value: Double
        public var low: Double
        public var high: Double
        /// Why the CI is undefined or does not contain `value` (`Bootstrap.Interval.note`).
        public var note: String? = nil
    }
    /// One slice of the rows (overall, or one condition/group value).
    public struct Slice: Sendable {
        /// "overall", "condition", or "group".
        public var facet: String
        /// Key (e.g. `audio_snr`; empty for overall) and value (e.g. `clean`).
        public var key: String
        public var value: String
        public var rows: [Int]
        /// metric → estimate, for calibrated and raw probabilities.
        public var calibrated: [(String, Estimate)]
        public var raw: [(String, Estimate)]
    }
    public struct Gap: Sendable {
        public var facet: String
        public var key: String
        public var metric: String
        public var estimate: Estimate
        public var worst: String
        public var best: String
    }
    public var slices: [Slice]
    public var gaps: [Gap]
    public var confusion: [[Int]]
    /// Modality removed → metric → value (point estimates, calibrated probabilities).
    public var ablation: [(String, [(String, Double)])]

    /// Computes every slice. `subjects[row]` is the row's subject (the bootstrap's resampling
    /// unit); `tags(row, facet, key)` gives a row's condition/group value.
    public static func compute(
        predictions: RunPredictions, classCount: Int, config: ExperimentConfig, subjects: [String],
        tags: (Int, String, String) -> String?
    ) -> MetricsSummary {
        let ev = config.evaluation
        let n = predictions.labels.count
        var specs: [(String, String, String, [Int])] = [("overall", "", "", Array(0..<n))]
        for (facet, keys) in [("condition", ev.conditions), ("group", ev.groups)] {
            for key in keys {
                var values: [String: [Int]] = [:]
                for i in 0..<n { if let v = tags(i, facet, key) { values[v, default: []].append(i) } }
                for v in values.keys.sorted() { specs.append((facet, key, v, values[v]!)) }
            }
        }
        var slices: [Slice] = []
        for (si, spec) in specs.enumerated() {
            var s = Slice(facet: spec.0, key: spec.1, value: spec.2, rows: spec.3, calibrated: [], raw: [])
            for (mi, name) in ev.metrics.enumerated() {
                let m = MetricRegistry.metric(name, eceBins: config.calibration.bins)!
                let seed = SeededRandom.derived(seed: config.seeds.bootstrap, stream: UInt64(si * 1000 + mi)).state
                let clusters = Bootstrap.clusters(rows: s.rows, subjects: subjects)
                s.calibrated.append(
                    (
                        name,
                        estimate(m, predictions.calibrated, predictions.labels, s.rows, clusters, classCount, ev, seed)
                    ))
                if config.calibration.method != "none" {
                    s.raw.append(
                        (name, estimate(m, predictions.raw, predictions.labels, s.rows, clusters, classCount, ev, seed))
                    )
                }
            }
            slices.append(s)
        }
        // Gaps between the values of each key.
        var gaps: [Gap] = []
        var gi = 0
        for (facet, keys) in [("condition", ev.conditions), ("group", ev.groups)] {
            for key in keys {
                let levels = slices.filter { $0.facet == facet && $0.key == key }
                guard levels.count >= 2 else { continue }
                for (mi, name) in ev.metrics.enumerated() {
                    let m = MetricRegistry.metric(name, eceBins: config.calibration.bins)!
                    let vals = levels.map { l in l.calibrated.first { $0.0 == name }!.1.value }
                    let worstIdx = vals.indices.min { vals[$0] < vals[$1] }!
                    let bestIdx = vals.indices.max { vals[$0] < vals[$1] }!
                    let point = vals[bestIdx] - vals[worstIdx]
                    var g = SeededRandom.derived(seed: config.seeds.bootstrap, stream: UInt64(900_000 + gi * 1000 + mi))
                    let levelClusters = levels.map { Bootstrap.clusters(rows: $0.rows, subjects: subjects) }
                    var boots: [Double] = []
                    for _ in 0..<ev.bootstrap {
                        var vs: [Double] = []
                        for cl in levelClusters {
                            var idx: [Int] = []
                            for _ in 0..<cl.count { idx += cl[g.index(cl.count)] }
                            vs.append(
                                m(
                                    idx.map { predictions.calibrated[$0] }, idx.map { predictions.labels[$0] },
                                    classCount))
                        }
                        boots.append(vs.allSatisfy(\.isFinite) ? vs.max()! - vs.min()! : .nan)
                    }
                    let ci = Bootstrap.biasCorrected(
                        point: point, replicates: boots, level: ev.ciLevel,
                        clusters: levelClusters.map(\.count).min() ?? 0)
                    gaps.append(
                        Gap(
                            facet: facet, key: key, metric: name,
                            estimate: Estimate(value: point, low: ci.low, high: ci.high, note: ci.note),
                            worst: levels[worstIdx].value, best: levels[bestIdx].value))
                }
                gi += 1
            }
        }
        return MetricsSummary(
            slices: slices, gaps: gaps,
            confusion: MetricRegistry.confusionMatrix(
                predictions.calibrated, predictions.labels, classCount: classCount),
            ablation: [])
    }

    static func estimate(
        _ m: MetricRegistry.Metric, _ p: [[Double]], _ y: [Int], _ rows: [Int], _ clusters: [[Int]], _ k: Int,
        _ ev: ExperimentConfig.Evaluation, _ seed: UInt64
    ) -> Estimate {
        let value = m(rows.map { p[$0] }, rows.map { y[$0] }, k)
        let ci = Bootstrap.interval(
            count: ev.bootstrap, level: ev.ciLevel, seed: seed, clusters: clusters, point: value
        ) { idx in
            m(idx.map { p[$0] }, idx.map { y[$0] }, k)
        }
        return Estimate(value: value, low: ci.low, high: ci.high, note: ci.note)
    }

    /// `metrics.json`: schema, input, parameters, then results. Deterministic: no timings.
    public func json(plan: RunPlan, windowCount: Int) -> JSONValue {
        let c = plan.config
        func est(_ e: Estimate) -> JSONValue {
            .obj(
                [
                    ("value", .number(e.value)), ("ci_low", .number(e.low)), ("ci_high", .number(e.high)),
                    ("ci_method", .string(Bootstrap.method)),
                ] + (e.note.map { [("ci_note", JSONValue.string($0))] } ?? []))
        }
        func sliceJSON(_ s: Slice) -> JSONValue {
            var pairs: [(String, JSONValue)] = [("n_windows", .integer(s.rows.count))]
            pairs.append(("calibrated", .object(s.calibrated.map { ($0.0, est($0.1)) })))
            if !s.raw.isEmpty { pairs.append(("uncalibrated", .object(s.raw.map { ($0.0, est($0.1)) }))) }
            return .object(pairs)
        }
        var by: [(String, JSONValue)] = []
        for facet in ["condition", "group"] {
            var keys: [(String, JSONValue)] = []
            for key in (facet == "condition" ? c.evaluation.conditions : c.evaluation.groups) {
                let levels = slices.filter { $0.facet == facet && $0.key == key }
                let gapList = gaps.filter { $0.facet == facet && $0.key == key }
                keys.append(
                    (
                        key,
                        .obj([
                            ("values", .object(levels.map { ($0.value, sliceJSON($0)) })),
                            (
                                "gap",
                                .object(
                                    gapList.map {
                                        (
                                            $0.metric,
                                            .obj(
                                                [
                                                    ("value", .number($0.estimate.value)),
                                                    ("ci_low", .number($0.estimate.low)),
                                                    ("ci_high", .number($0.estimate.high)),
                                                    ("ci_method", .string(Bootstrap.method + " within each value")),
                                                ] + ($0.estimate.note.map { [("ci_note", JSONValue.string($0))] } ?? [])
                                                    + [
                                                        ("lowest", .string($0.worst)), ("highest", .string($0.best)),
                                                    ])
                                        )
                                    })
                            ),
                        ])
                    ))
            }
            by.append((facet == "condition" ? "by_condition" : "by_group", .object(keys)))
        }
        return .obj(
            [
                ("schema", .string("affect.metrics.v1")),
                (
                    "input",
                    .obj([
                        ("dataset", .string(plan.manifest.name)), ("manifest_sha256", .string(plan.manifestHash)),
                        ("windows", .integer(windowCount)), ("config_sha256", .string(c.hash)),
                    ])
                ),
                (
                    "parameters",
                    .obj([
                        ("protocol", .string(c.evaluation.protocolKind.rawValue)),
                        ("calibration", .string(c.calibration.method)),
                        ("bootstrap", .integer(c.evaluation.bootstrap)), ("ci_level", .number(c.evaluation.ciLevel)),
                        ("ci_method", .string(Bootstrap.method)),
                        ("metrics", .array(c.evaluation.metrics.map { .string($0) })),
                        (
                            "ece_convention",
                            .string(
                                "top-label, \(c.calibration.bins) equal-width bins on [0, 1], right-closed (Guo et al. 2017)"
                            )
                        ),
                    ])
                ),
                ("classes", .array(plan.classes.map { .string($0) })),
                ("overall", sliceJSON(slices[0])),
            ] + by + [
                (
                    "confusion_matrix",
                    .obj([
                        ("rows", .string("true class")), ("columns", .string("predicted class")),
                        ("counts", .array(confusion.map { .integers($0) })),
                    ])
                ),
                ("ablation", .object(ablation.map { ($0.0, .numberMap($0.1)) })),
            ])
    }
}
