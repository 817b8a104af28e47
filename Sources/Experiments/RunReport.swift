import Calibration
import Foundation
import Reporting
import SignalCore
import Tabular

/// Builds the report and model card of a run from its plan, features and outputs. Wording:
/// results are "indicators" with probabilities and measured calibration, never verdicts.
enum RunReport {
    static func fmt(_ x: Double, _ digits: Int = 3) -> String {
        guard x.isFinite else { return "n/a" }
        return String(format: "%.\(digits)f", x)
    }

    /// "value [low, high]", marked † when the CI does not contain the value (see the metrics
    /// caption) and "value (no CI)" when it is undefined.
    static func est(_ e: MetricsSummary.Estimate) -> String {
        guard e.low.isFinite else { return fmt(e.value) + (e.note == nil ? "" : " (no CI)") }
        return "\(fmt(e.value)) [\(fmt(e.low)), \(fmt(e.high))]" + (e.note == nil ? "" : " †")
    }

    /// A file-name-safe form of a condition/group value.
    static func safe(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
    }

    /// Reliability numbers and diagrams overall and per condition/group value (top-label
    /// confidence of the calibrated probabilities; equal-width bins, right-closed, `calibration.bins`
    /// of them; ECE with a bias-corrected percentile bootstrap CI over subjects), and risk–coverage curves per condition value
    /// with the abstention thresholds meeting target risks; as run-record files
    /// (`calibration/*.csv|svg`) and report figures.
    static func reliabilityFiles(plan: RunPlan, predictions: RunPredictions, table: FeatureTable) throws
        -> (files: [(String, String)], figures: [(String, [ReportDocument.Figure])], abstention: [[String]])
    {
        let c = plan.config
        let recs = plan.manifest.recordings
        let n = predictions.labels.count
        let bins = c.calibration.bins
        var slices: [(title: String, file: String, rows: [Int])] = [("overall", "overall", Array(0..<n))]
        for (facet, keys) in [("condition", c.evaluation.conditions), ("group", c.evaluation.groups)] {
            for key in keys {
                var values: [String: [Int]] = [:]
                for i in 0..<n {
                    let r = recs[table.rows[i].recording]
                    if let v = facet == "condition" ? r.conditions[key] : r.groups[key] {
                        values[v, default: []].append(i)
                    }
                }
                for v in values.keys.sorted() {
                    slices.append(("\(key) = \(v)", "\(facet)-\(safe(key))-\(safe(v))", values[v]!))
                }
            }
        }
        func top(_ p: [[Double]], _ rows: [Int]) -> (conf: [Double], correct: [Double]) {
            var conf: [Double] = []
            var correct: [Double] = []
            for i in rows {
                let a = MetricRegistry.argmax(p[i])
                conf.append(p[i][a])
                correct.append(a == predictions.labels[i] ? 1 : 0)
            }
            return (conf, correct)
        }
        var files: [(String, String)] = []
        var figsByFacet: [(String, [ReportDocument.Figure])] = []
        func diagram(_ title: String, _ file: String, _ p: [[Double]], _ rows: [Int], seedStream: UInt64)
            -> ReportDocument.Figure
        {
            let (conf, correct) = top(p, rows)
            let b = Reliability.equalWidth(scores: conf, outcomes: correct, bins: bins)
            // conf/correct are indexed by position in `rows`: cluster positions by subject.
            let clusters = Bootstrap.clusters(rows: Array(rows.indices), subjects: rows.map { table.subjects[$0] })
            let ci = Bootstrap.interval(
                count: c.evaluation.bootstrap, level: c.evaluation.ciLevel,
                seed: SeededRandom.derived(seed: c.seeds.bootstrap, stream: 500_000 + seedStream).state,
                clusters: clusters, point: b.ece
            ) { idx in
                Reliability.equalWidth(scores: idx.map { conf[$0] }, outcomes: idx.map { correct[$0] }, bins: bins).ece
            }
            var csv = "bin_lower,bin_upper,count,mean_confidence,accuracy\n"
            for i in 0..<b.counts.count {
                csv += [b.lower[i], b.upper[i]].map(CSVWriting.cell).joined(separator: ",") + ",\(b.counts[i]),"
                csv += CSVWriting.cell(b.meanScore[i]) + "," + CSVWriting.cell(b.meanOutcome[i]) + "\n"
            }
            files.append(("calibration/\(file).csv", csv))
            let svg = ReliabilityDiagram.svg(
                bins: b, ece: b.ece, interval: ci.low.isFinite ? (ci.low, ci.high, c.evaluation.ciLevel) : nil,
                title: title,
                convention: "top-label confidence, \(bins) equal-width bins (right-closed), n = \(rows.count)")
            files.append(("calibration/\(file).svg", svg))
            return ReportDocument.Figure(
                caption:
                    "Reliability of the indicator probabilities, \(title): accuracy per confidence bin; the dashed diagonal is perfect calibration.",
                svg: svg, csv: "calibration/\(file).csv")
        }
        var overallFigs: [ReportDocument.Figure] = []
        if c.calibration.method != "none" {
            overallFigs.append(
                diagram(
                    "overall, before calibration", "overall-uncalibrated", predictions.raw, Array(0..<n),
                    seedStream: 999))
        }
        overallFigs.append(
            diagram(
                "overall" + (c.calibration.method != "none" ? ", \(c.calibration.method)" : ""), "overall",
                predictions.calibrated, Array(0..<n), seedStream: 0))
        figsByFacet.append(("Reliability diagrams: overall", overallFigs))
        var current = ""
        var group: [ReportDocument.Figure] = []
        for (si, sl) in slices.enumerated().dropFirst() {
            let key = String(sl.title.split(separator: "=").first ?? "").trimmingCharacters(in: .whitespaces)
            if key != current && !group.isEmpty {
                figsByFacet.append(("Reliability diagrams per \(current)", group))
                group = []
            }
            current = key
            group.append(diagram(sl.title, sl.file, predictions.calibrated, sl.rows, seedStream: UInt64(si)))
        }
        if !group.isEmpty { figsByFacet.append(("Reliability diagrams per \(current)", group)) }

        // Risk–coverage per slice.
        var rcCSV = "slice,coverage,risk,threshold\n"
        var curves: [(title: String, file: String, curve: RiskCoverage)] = []
        var abstention: [[String]] = []
        for sl in slices {
            let (conf, correct) = top(predictions.calibrated, sl.rows)
            let rc = RiskCoverage(confidence: conf, correct: correct)
            for i in rc.coverage.indices {
                rcCSV +=
                    CSVWriting.escape(sl.title) + "," + CSVWriting.cell(rc.coverage[i]) + ","
                    + CSVWriting.cell(rc.risk[i]) + ","
                    + CSVWriting.cell(rc.threshold[i]) + "\n"
            }
            if sl.title == "overall" || c.evaluation.conditions.contains(where: { sl.title.hasPrefix("\($0) = ") }) {
                curves.append((sl.title, sl.file, rc))
            }
            for target in [0.05, 0.1, 0.2] {
                if let a = rc.abstention(targetRisk: target) {
                    abstention.append([sl.title, fmt(target, 2), fmt(a.threshold), fmt(a.coverage), fmt(a.risk)])
                } else {
                    abstention.append([sl.title, fmt(target, 2), "none", "0", "–"])
                }
            }
        }
        files.append(("calibration/risk_coverage.csv", rcCSV))
        var rcFigures: [ReportDocument.Figure] = []
        for (title, file, curve) in curves {
            let path = file == "overall" ? "calibration/risk_coverage.svg" : "calibration/risk_coverage-\(file).svg"
            let svg = RiskCoveragePlot.svg(
                curve: curve, targetRisk: 0.1, title: "Risk–coverage (abstain below a confidence), \(title)")
            files.append((path, svg))
            rcFigures.append(
                ReportDocument.Figure(
                    caption:
                        "Selective risk when only the windows with the highest indicator confidence are kept, \(title); lower is better. Thresholds meeting target risks: calibration/abstention.csv.",
                    svg: svg, csv: "calibration/risk_coverage.csv"))
        }
        var abCSV = "slice,target_risk,threshold,coverage,risk\n"
        for r in abstention { abCSV += r.map(CSVWriting.escape).joined(separator: ",") + "\n" }
        files.append(("calibration/abstention.csv", abCSV))
        figsByFacet.append(("Risk–coverage and abstention", rcFigures))
        return (files, figsByFacet, abstention)
    }

    static func metricsTable(_ slices: [MetricsSummary.Slice], metrics: [String], raw: Bool, caption: String)
        -> ReportDocument.Block
    {
        let header = ["slice", "windows"] + metrics.map { raw ? "\($0) (uncalibrated)" : $0 }
        let rows = slices.map { s -> [String] in
            let name = s.facet == "overall" ? "overall" : "\(s.key) = \(s.value)"
            let vals = raw ? s.raw : s.calibrated
            return [name, String(s.rows.count)] + metrics.map { m in vals.first { $0.0 == m }.map { est($0.1) } ?? "" }
        }
        return .table(caption: caption, header: header, rows: rows)
    }

    static func quantitative(plan: RunPlan, outputs: Runner.Outputs) -> [ReportDocument.Block] {
        let c = plan.config
        let m = outputs.metrics
        let ci =
            "\(Int((c.evaluation.ciLevel * 100).rounded())) % bias-corrected percentile bootstrap CI resampling subjects, \(c.evaluation.bootstrap) resamples"
        let dagger =
            " † = the CI does not contain the value (more than \(String(format: "%g", 50 * (1 + c.evaluation.ciLevel))) % of resamples on one side of it); see ci_note in metrics.json."
        var b: [ReportDocument.Block] = []
        b.append(
            metricsTable(
                m.slices, metrics: c.evaluation.metrics, raw: false,
                caption:
                    "Indicator quality of the \(c.calibration.method == "none" ? "" : "calibrated ")probabilities, overall and per condition and group: value [\(ci)]."
                    + dagger
            ))
        if c.calibration.method != "none" {
            b.append(
                metricsTable(
                    m.slices, metrics: c.evaluation.metrics, raw: true,
                    caption: "The same before post-hoc calibration (\(c.calibration.method))."))
        }
        if !m.gaps.isEmpty {
            b.append(
                .table(
                    caption:
                        "Gaps between condition/group values (highest − lowest value of each metric, with \(ci) within each value)."
                        + dagger,
                    header: ["factor", "metric", "gap [CI]", "lowest", "highest"],
                    rows: m.gaps.map { ["\($0.facet) \($0.key)", $0.metric, est($0.estimate), $0.worst, $0.best] }))
        }
        return b
    }

    static func modelCard(plan: RunPlan, table: FeatureTable, outputs: Runner.Outputs) -> ModelCard {
        let c = plan.config
        let man = plan.manifest
        let subjects = Set(man.recordings.map(\.subject)).count
        let hyper = c.fusion.hyperparameters.rendered(pretty: false)
        let stageList = c.stages.map(\.name).joined(separator: ", ")
        let windowText: String
        switch c.windowing.mode {
        case .fixed: windowText = "fixed, \(fmt(c.windowing.lengthS, 2)) s, hop \(fmt(c.windowing.hopS, 2)) s."
        case .events: windowText = "events, \(fmt(c.windowing.lengthS, 2)) s, offset \(fmt(c.windowing.offsetS, 2)) s."
        case .segments: windowText = "one per labelled segment."
        }
        let holdoutPct = Int((c.calibration.holdout * 100).rounded())
        let calText: String =
            c.calibration.method == "none" ? "." : ", fitted on \(holdoutPct) % of the training subjects of each fold."
        var details: [String] = []
        details.append(
            "Fusion: \(c.fusion.mode.rawValue) fusion, model '\(c.fusion.model)', hyper-parameters \(hyper).")
        details.append(
            "Features: stages \(stageList) (\(table.names.count) features per window); windows: " + windowText)
        details.append("Post-hoc calibration: \(c.calibration.method)" + calText)
        details.append(
            "Output: a probability for each class in \(plan.classes.joined(separator: ", ")), to be read as an indicator with the calibration measured below."
        )
        details.append("Produced by AffectWorkbench \(RunRecord.toolVersion), config sha256 \(c.hash.prefix(16))….")
        let condList: String =
            c.evaluation.conditions.isEmpty ? "none requested" : c.evaluation.conditions.joined(separator: ", ")
        let groupList: String =
            c.evaluation.groups.isEmpty ? "none requested" : c.evaluation.groups.joined(separator: ", ")
        let factors: [String] = [
            "Conditions evaluated: \(condList).", "Groups evaluated: \(groupList).",
            "Modality availability per window is recorded (available_* columns in features.csv); missing modalities are handled by the fusion model.",
        ]
        let metricsText = [
            "Metrics: \(c.evaluation.metrics.joined(separator: ", ")), each with a \(Int((c.evaluation.ciLevel * 100).rounded())) % bias-corrected percentile bootstrap confidence interval (Efron 1987; \(c.evaluation.bootstrap) resamples of subjects, all windows of a drawn subject kept, seed \(c.seeds.bootstrap)).",
            "Protocol: \(c.evaluation.protocolKind == .loso ? "leave-one-subject-out" : "subject-grouped \(c.evaluation.folds)-fold") cross-validation; every probability is out-of-fold.",
            "Windows of one subject are not independent, so the CIs resample subjects (the unit of the cross-validation); with few subjects they are wide, and a slice with fewer than 2 subjects has none. The bias correction re-centres intervals of estimators that resampling inflates (ECE); an interval that still excludes its estimate is marked † (ci_note in metrics.json).",
        ]
        let evalData = [
            "Dataset '\(man.name)': \(man.recordings.count) recordings, \(subjects) subjects, \(table.rows.count) labelled windows.",
            "Provenance: \(man.provenance)", "Licence: \(man.licence)", "Consent: \(man.consent)",
        ]
        let training = [
            "The same dataset, subject-wise: in each fold the model never sees the test subject."
        ]
        var caveats = [
            "Indicators describe agreement with this dataset's annotation labels under its recording conditions; they do not transfer to other populations, sensors or settings without a new evaluation.",
            "Inspect the per-condition reliability and the gaps between groups before relying on any probability; abstain when confidence is low.",
        ]
        if man.provenance.lowercased().contains("synthetic") || man.consent.lowercased().contains("synthetic") {
            caveats.insert(
                "This dataset is synthetic: results show how the workbench measures calibration and gaps; they say nothing about real emotions.",
                at: 0)
        }
        return ModelCard(
            modelDetails: details, intendedUse: c.intendedUse, purpose: c.purpose, factors: factors,
            metrics: metricsText,
            evaluationData: evalData, trainingData: training, quantitative: quantitative(plan: plan, outputs: outputs),
            ethicalConsiderations: [], caveats: caveats)
    }

    static func document(plan: RunPlan, table: FeatureTable, outputs: Runner.Outputs, card: ModelCard, runName: String)
        -> ReportDocument
    {
        let c = plan.config
        var b: [ReportDocument.Block] = []
        b.append(
            .paragraph(
                "Run \(runName). This report describes probabilistic indicators of the dataset's annotation labels, with their measured calibration per condition and group. It does not state what any person feels."
            ))
        b += configurationBlocks(c)
        b += datasetBlocks(plan: plan, table: table)

        b.append(.heading(1, "Results"))
        b += quantitative(plan: plan, outputs: outputs)
        b.append(.heading(2, "Confusion matrix"))
        b.append(
            .figures([
                ReportDocument.Figure(
                    caption:
                        "Out-of-fold confusion matrix (counts; shading and percentages normalised per true class).",
                    svg: ConfusionMatrixPlot.svg(
                        counts: outputs.metrics.confusion, classes: plan.classes, title: "Confusion matrix"),
                    csv: "metrics.json (confusion_matrix)")
            ]))
        for (title, figs) in outputs.figures {
            b.append(.heading(2, title))
            b.append(.figures(figs))
        }
        if !outputs.abstention.isEmpty {
            b.append(
                .table(
                    caption:
                        "Abstention: the lowest confidence threshold whose selective risk (error rate among kept windows) meets each target, and the share of windows kept.",
                    header: ["slice", "target risk", "threshold", "coverage", "risk"], rows: outputs.abstention))
        }
        b.append(.heading(2, "Per-modality ablation"))
        if outputs.metrics.ablation.isEmpty {
            b.append(
                .paragraph(
                    c.evaluation.ablation
                        ? "Not computed: the run uses a single modality."
                        : "Not computed (evaluation.ablation is false)."))
        } else {
            let full = outputs.metrics.slices[0].calibrated
            var arows = [
                ["all modalities"] + c.evaluation.metrics.map { m in fmt(full.first { $0.0 == m }?.1.value ?? .nan) }
            ]
            for (name, vals) in outputs.metrics.ablation {
                arows.append(
                    [name.replacingOccurrences(of: "_", with: " ")]
                        + c.evaluation.metrics.map { m in fmt(vals.first { $0.0 == m }?.1 ?? .nan) })
            }
            b.append(
                .table(
                    caption: "Overall metrics with each modality removed (same folds and seeds; point estimates).",
                    header: ["features"] + c.evaluation.metrics, rows: arows))
        }
        b += card.blocks(level: 1)
        return ReportDocument(title: "AffectWorkbench run report: \(c.name)", blocks: b)
    }

    /// The dataset section: summary with provenance, windows per class, modality availability,
    /// and one row per recording.
    /// The "Configuration" section: purpose, intended use and the resolved config.
    static func configurationBlocks(_ c: ExperimentConfig) -> [ReportDocument.Block] {
        [
            .heading(1, "Configuration"), .paragraph("Purpose: \(c.purpose)"),
            .paragraph("Intended use: \(c.intendedUse)"), .code(c.resolvedJSON().rendered()),
        ]
    }

    static func datasetBlocks(plan: RunPlan, table: FeatureTable) -> [ReportDocument.Block] {
        let c = plan.config
        let man = plan.manifest
        var b: [ReportDocument.Block] = []
        b.append(.heading(1, "Dataset"))
        var rows: [[String]] = []
        for (i, r) in man.recordings.enumerated() {
            let w = plan.windows[i]
            rows.append([
                r.id, r.subject, r.session, r.streams.map(\.kind.rawValue).joined(separator: "+"),
                r.conditions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "),
                r.groups.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "),
                String(w.count),
            ])
        }
        b.append(
            .paragraph(
                "\(man.name): \(man.description) Provenance: \(man.provenance). Licence: \(man.licence). Consent: \(man.consent)."
            ))
        var classCounts: [String: Int] = [:]
        for r in table.rows { classCounts[r.window.label, default: 0] += 1 }
        b.append(
            .table(
                caption: "Windows per class.", header: ["class", "windows"],
                rows: plan.classes.map { [$0, String(classCounts[$0] ?? 0)] }))
        if !table.modalities.isEmpty {
            b.append(
                .table(
                    caption:
                        "Modality availability (windows where the stream covers at least \(fmt(c.windowing.minCoverage, 2)) of the window).",
                    header: ["modality", "available windows", "of"],
                    rows: table.modalities.map { k in
                        [
                            k.rawValue, String(table.rows.filter { $0.window.available[k] == true }.count),
                            String(table.rows.count),
                        ]
                    }))
        }
        b.append(
            .table(
                caption: "Recordings.",
                header: ["recording", "subject", "session", "streams", "conditions", "groups", "windows"], rows: rows))
        return b
    }
}
