import Foundation
import Reporting
import Tabular

/// `affect report RUN`: rewrites `report.html` and `model_card.md` of a run from its record
/// (features.csv, predictions.csv, metrics.json, config.resolved.json) and its dataset
/// manifest, without recomputing features or refitting models (a features-only run: report.html
/// only, its comparisons recomputed from features.csv and the reference files). Metrics are recomputed from the
/// recorded predictions (deterministic, so they equal metrics.json); the ablation is read back.
public enum ReportRebuild {
    /// The report and model card of `run`; `card` is nil for a features-only run (no model).
    public static func rebuild(run: String, registry: Registry) throws -> (html: String, card: String?) {
        let plan = try Reproduce.plan(run: run, registry: registry, runsDirectory: nil, cacheDirectory: nil)
        let c = plan.config
        let features = try CSVTable(contentsOfFile: run + "/features.csv")
        let preds =
            c.isFeaturesOnly
            ? features : try CSVTable(contentsOfFile: run + "/predictions.csv")
        guard features.rows.count == plan.windowCount, preds.rows.count == plan.windowCount else {
            throw ExperimentsError.record(
                path: run,
                message:
                    "features.csv/predictions.csv do not have one row per window of the dataset (\(plan.windowCount)); the data changed"
            )
        }
        let modalities = DatasetManifest.Stream.Kind.allCases.filter { features.has("available_\($0.rawValue)") }
        let lastFixed =
            features.header.lastIndex { $0.hasPrefix("available_") } ?? features.header.firstIndex(of: "label")!
        let names = Array(features.header[(lastFixed + 1)...])
        let modalityOf: [DatasetManifest.Stream.Kind] = names.map { n in
            let stage = c.stages.first { n.hasPrefix($0.name) }?.name ?? ""
            return registry.stages.first { $0.name == stage }?.modality ?? .audio
        }
        var rows: [FeatureTable.Row] = []
        var values: [[Double]] = []
        var k = 0
        for (ri, ws) in plan.windows.enumerated() {
            for w in ws {
                var win = w
                for m in modalities { win.available[m] = try features.strings("available_\(m.rawValue)")[k] == "1" }
                rows.append(FeatureTable.Row(recording: ri, window: win))
                values.append(try names.map { try features.numbers($0, allowMissing: true)[k] })
                k += 1
            }
        }
        let table = FeatureTable(
            rows: rows, names: names, modality: modalityOf, values: values, modalities: modalities,
            subjects: rows.map { plan.manifest.recordings[$0.recording].subject })
        let comparisons = zip(c.comparisons, plan.references).map {
            ComparisonResult.compute($0, reference: $1, plan: plan, table: table)
        }
        let runName = URL(fileURLWithPath: run).lastPathComponent
        if c.isFeaturesOnly {
            let doc = RunReport.featuresOnlyDocument(
                plan: plan, table: table, comparisons: comparisons, runName: runName)
            return (ReportHTML.render(doc), nil)
        }
        let labels = try preds.strings("label").map { plan.classes.firstIndex(of: $0) ?? 0 }
        let cal = try plan.classes.map { try preds.numbers("p_\($0)") }
        let raw =
            c.calibration.method == "none" ? cal : try plan.classes.map { try preds.numbers("p_uncalibrated_\($0)") }
        let folds = try preds.numbers("fold").map { Int($0) }
        let n = labels.count
        let predictions = RunPredictions(
            fold: folds, raw: (0..<n).map { i in raw.map { $0[i] } },
            calibrated: (0..<n).map { i in cal.map { $0[i] } }, labels: labels)
        let recs = plan.manifest.recordings
        var summary = MetricsSummary.compute(
            predictions: predictions, classCount: plan.classes.count, config: c, subjects: table.subjects
        ) {
            row, facet, key in
            let r = recs[table.rows[row].recording]
            return facet == "condition" ? r.conditions[key] : r.groups[key]
        }
        let recorded = try RunRecord.readJSON(run + "/metrics.json")
        if case .object(let abl)? = recorded["ablation"] {
            summary.ablation = abl.map { name, v in
                guard case .object(let ms) = v else { return (name, []) }
                return (
                    name,
                    ms.map { m, x in
                        switch x {
                        case .number(let d): return (m, d)
                        case .integer(let i): return (m, Double(i))
                        default: return (m, Double.nan)
                        }
                    }
                )
            }
        }
        let reliability = try RunReport.reliabilityFiles(plan: plan, predictions: predictions, table: table)
        let outputs = Runner.Outputs(
            predictions: predictions, predictionsCSV: "", metrics: summary, extraFiles: reliability.files,
            figures: reliability.figures, abstention: reliability.abstention)
        let card = RunReport.modelCard(plan: plan, table: table, outputs: outputs)
        var doc = RunReport.document(plan: plan, table: table, outputs: outputs, card: card, runName: runName)
        if !comparisons.isEmpty { doc.blocks += RunReport.comparisonBlocks(comparisons) }
        let html = ReportHTML.render(doc)
        return (html, card.markdown(title: "Model card: \(c.name)"))
    }
}
