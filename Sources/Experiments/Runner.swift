import Foundation
import Reporting
import Tabular

/// Runs one experiment plan end to end and writes its run record.
///
/// Phases: feature extraction (parallel, cached) → subject-wise cross-validation with inner
/// calibration split → metrics with bootstrap CIs overall and per condition/group → per-modality
/// ablation → comparisons with declared references → run record (atomic). A features-only run
/// (`evaluation.protocol: none`) stops after the features and the comparisons: its record holds
/// `features.csv`, `metrics.json` (the comparisons) and `report.html`, and no predictions,
/// calibration files or model card. Deterministic: the same plan on the same machine gives
/// byte-identical `metrics.json`, `predictions.csv` and `features.csv`.
public enum Runner {
    public struct Options: Sendable {
        /// The command line as typed (recorded).
        public var commandLine: [String]
        /// `key.path=value` overrides applied to the config (recorded).
        public var overrides: [String]
        /// Path of the config file as given (recorded; reproduce resolves paths from it).
        public var configPath: String
        /// Recordings processed at once. Default: active processor count.
        public var maxConcurrent: Int
        /// Progress callback (one call per finished recording), e.g. a progress line on stderr.
        public var progress: (@Sendable (String) -> Void)?
        /// BLAS description for the manifest (the Fusion module's BLAS info), or null.
        public var blas: JSONValue
        /// The sweep combination's overrides (empty outside sweeps); `sweep.json` lists runs by these.
        public var sweepCombination: [String]

        public init(
            commandLine: [String], overrides: [String], configPath: String,
            maxConcurrent: Int = ProcessInfo.processInfo.activeProcessorCount,
            progress: (@Sendable (String) -> Void)? = nil, blas: JSONValue = .null, sweepCombination: [String] = []
        ) {
            self.sweepCombination = sweepCombination
            self.commandLine = commandLine
            self.overrides = overrides
            self.configPath = configPath
            self.maxConcurrent = maxConcurrent
            self.progress = progress
            self.blas = blas
        }
    }

    /// Date part of run directory names (UTC, yyyy-MM-dd).
    static func dateStamp(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: d)
    }

    static func iso(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: d)
    }

    /// Runs `plan` and returns the final run directory.
    public static func execute(plan: RunPlan, registry: Registry, options: Options) async throws -> String {
        let started = Date()
        let clock = ContinuousClock()
        let t0 = clock.now
        let runsDir = plan.config.outputs.directory
        let tmp = try RunRecord.beginTemporary(runsDirectory: runsDir)
        do {
            let (table, cacheStats) = try await FeatureExtraction.run(
                plan: plan, registry: registry, maxConcurrent: options.maxConcurrent, progress: options.progress)
            let tFeatures = clock.now
            let c = plan.config
            let comparisons = zip(c.comparisons, plan.references).map {
                ComparisonResult.compute($0, reference: $1, plan: plan, table: table)
            }
            let runName = "\(dateStamp(started))-\(c.name)-\(c.hash.prefix(8))"
            try RunRecord.write(plan.configText, "config.yaml", in: tmp)
            try RunRecord.write(c.resolvedJSON().rendered() + "\n", "config.resolved.json", in: tmp)
            try RunRecord.write(featuresCSV(plan: plan, table: table), "features.csv", in: tmp)
            if c.isFeaturesOnly {
                try RunRecord.write(
                    featuresOnlyMetrics(plan: plan, windowCount: table.rows.count, comparisons: comparisons).rendered()
                        + "\n", "metrics.json", in: tmp)
                try RunRecord.write(
                    ReportHTML.render(
                        RunReport.featuresOnlyDocument(
                            plan: plan, table: table, comparisons: comparisons, runName: runName)), "report.html",
                    in: tmp)
            } else {
                let outputs = try evaluate(plan: plan, table: table, registry: registry)
                try RunRecord.write(outputs.predictionsCSV, "predictions.csv", in: tmp)
                var metrics = outputs.metrics.json(plan: plan, windowCount: table.rows.count)
                if !comparisons.isEmpty, case .object(var pairs) = metrics {
                    pairs.append(("comparison", .object(zip(c.comparisons, comparisons).map { ($0.name, $1.json) })))
                    metrics = .object(pairs)
                }
                try RunRecord.write(metrics.rendered() + "\n", "metrics.json", in: tmp)
                for (name, text) in outputs.extraFiles { try RunRecord.write(text, name, in: tmp) }
                let card = RunReport.modelCard(plan: plan, table: table, outputs: outputs)
                try RunRecord.write(card.markdown(title: "Model card: \(c.name)"), "model_card.md", in: tmp)
                var doc = RunReport.document(plan: plan, table: table, outputs: outputs, card: card, runName: runName)
                if !comparisons.isEmpty { doc.blocks += RunReport.comparisonBlocks(comparisons) }
                try RunRecord.write(ReportHTML.render(doc), "report.html", in: tmp)
            }
            let tEval = clock.now
            let ended = Date()
            let tEnd = clock.now
            func secs(_ d: Duration) -> Double {
                Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
            }
            let manifest = JSONValue.obj([
                ("schema", .string(RunRecord.manifestSchema)),
                (
                    "input",
                    .obj([("config", .string(options.configPath)), ("dataset_manifest", .string(plan.manifestPath))])
                ),
                (
                    "parameters",
                    .obj([
                        ("overrides", .array(options.overrides.map { .string($0) })),
                        ("sweep_combination", .array(options.sweepCombination.map { .string($0) })),
                    ])
                ),
                ("name", .string(c.name)), ("config_sha256", .string(c.hash)),
                ("config_dir", .string(URL(fileURLWithPath: c.baseDirectory).standardized.path)),
                ("working_dir", .string(FileManager.default.currentDirectoryPath)),
                ("git", Provenance.gitState(directory: FileManager.default.currentDirectoryPath)),
                (
                    "input_files",
                    .array(
                        [
                            JSONValue.obj([
                                ("path", .string(plan.manifestPath)), ("sha256", .string(plan.manifestHash)),
                                ("role", .string("dataset manifest")),
                            ])
                        ]
                            + plan.manifest.files.map {
                                .obj([
                                    ("path", .string($0.path)),
                                    ("sha256", .string(plan.fileHashes[$0.path] ?? $0.sha256)),
                                    ("role", .string("data")),
                                ])
                            }
                            + plan.references.map {
                                .obj([
                                    ("path", .string($0.path)), ("sha256", .string($0.sha256)),
                                    ("role", .string("reference values")),
                                ])
                            })
                ),
                (
                    "seeds",
                    .obj([
                        ("split", ExperimentConfig.seedJSON(c.seeds.split)),
                        ("model", ExperimentConfig.seedJSON(c.seeds.model)),
                        ("bootstrap", ExperimentConfig.seedJSON(c.seeds.bootstrap)),
                    ])
                ),
                ("libraries", Provenance.libraries(blas: options.blas)), ("machine", Provenance.machine),
                ("command_line", .array(options.commandLine.map { .string($0) })),
                (
                    "feature_cache",
                    .obj([
                        ("directory", .string(c.outputs.cacheDirectory)), ("hits", .integer(cacheStats.cacheHits)),
                        ("misses", .integer(cacheStats.cacheMisses)),
                    ])
                ),
                ("windows", .integer(table.rows.count)), ("features", .integer(table.names.count)),
                ("started", .string(iso(started))), ("ended", .string(iso(ended))),
                (
                    "timings_s",
                    .obj([
                        ("features", .number(secs(tFeatures - t0))), ("evaluation", .number(secs(tEval - tFeatures))),
                        ("total", .number(secs(tEnd - t0))),
                    ])
                ),
                ("status", .string("completed")),
            ])
            try RunRecord.write(manifest.rendered() + "\n", "manifest.json", in: tmp)
            return try RunRecord.commit(temporary: tmp, runsDirectory: runsDir, base: runName)
        } catch {
            RunRecord.abandon(tmp)
            throw error
        }
    }

    /// Everything computed after features.
    public struct Outputs: Sendable {
        public var predictions: RunPredictions
        public var predictionsCSV: String
        public var metrics: MetricsSummary
        /// Extra run-record files (relative path → text), e.g. `calibration/*.csv|svg`.
        public var extraFiles: [(String, String)]
        public var figures: [(String, [ReportDocument.Figure])]
        /// Abstention thresholds per slice and target risk (report table rows).
        public var abstention: [[String]]
    }

    static func evaluate(plan: RunPlan, table: FeatureTable, registry: Registry) throws -> Outputs {
        let c = plan.config
        let recs = plan.manifest.recordings
        let labels = table.rows.map { plan.classes.firstIndex(of: $0.window.label)! }
        let subjects = table.rows.map { recs[$0.recording].subject }
        let matrix = table.matrix
        let preds = try CrossValidation.run(
            matrix: matrix, labels: labels, subjects: subjects, classCount: plan.classes.count, config: c,
            registry: registry)
        var summary = MetricsSummary.compute(
            predictions: preds, classCount: plan.classes.count, config: c, subjects: subjects
        ) {
            row, facet, key in
            let r = recs[table.rows[row].recording]
            return facet == "condition" ? r.conditions[key] : r.groups[key]
        }
        if c.evaluation.ablation && table.modalities.count >= 2 {
            for k in table.modalities {
                let p = try CrossValidation.run(
                    matrix: matrix.dropping(k), labels: labels, subjects: subjects, classCount: plan.classes.count,
                    config: c,
                    registry: registry)
                summary.ablation.append(
                    (
                        "without_\(k.rawValue)",
                        c.evaluation.metrics.map {
                            (
                                $0,
                                MetricRegistry.metric($0, eceBins: c.calibration.bins)!(
                                    p.calibrated, labels, plan.classes.count)
                            )
                        }
                    ))
            }
        }
        // predictions.csv
        var header = ["window_id", "recording", "subject", "start_s", "end_s", "fold", "label"]
        header += c.evaluation.conditions.map { "condition_\($0)" } + c.evaluation.groups.map { "group_\($0)" }
        header += plan.classes.map { "p_\($0)" }
        if c.calibration.method != "none" { header += plan.classes.map { "p_uncalibrated_\($0)" } }
        header += ["predicted", "confidence"]
        var rows: [[String]] = []
        for (i, row) in table.rows.enumerated() {
            let r = recs[row.recording]
            var cells = [
                "\(r.id)#\(row.window.index)", r.id, r.subject, CSVWriting.cell(row.window.startS),
                CSVWriting.cell(row.window.endS),
                String(preds.fold[i]), row.window.label,
            ]
            cells +=
                c.evaluation.conditions.map { r.conditions[$0] ?? "" } + c.evaluation.groups.map { r.groups[$0] ?? "" }
            cells += preds.calibrated[i].map(CSVWriting.cell)
            if c.calibration.method != "none" { cells += preds.raw[i].map(CSVWriting.cell) }
            let am = MetricRegistry.argmax(preds.calibrated[i])
            cells += [plan.classes[am], CSVWriting.cell(preds.calibrated[i][am])]
            rows.append(cells)
        }
        let reliability = try RunReport.reliabilityFiles(plan: plan, predictions: preds, table: table)
        return Outputs(
            predictions: preds, predictionsCSV: CSVWriting.text(header: header, rows: rows), metrics: summary,
            extraFiles: reliability.files, figures: reliability.figures, abstention: reliability.abstention)
    }

    /// `metrics.json` of a features-only run: no model, no indicator metrics; the comparisons of
    /// the stage outputs with their declared references.
    static func featuresOnlyMetrics(plan: RunPlan, windowCount: Int, comparisons: [ComparisonResult]) -> JSONValue {
        let c = plan.config
        return .obj([
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
                    ("protocol", .string("none")),
                    ("model", .string("none: features-only run, no model was fitted and nothing was calibrated")),
                ])
            ),
            ("comparison", .object(comparisons.map { ($0.comparison.name, $0.json) })),
        ])
    }

    static func featuresCSV(plan: RunPlan, table: FeatureTable) -> String {
        let c = plan.config
        let recs = plan.manifest.recordings
        var header = ["window_id", "recording", "subject", "session", "start_s", "end_s", "label"]
        header += c.evaluation.conditions.map { "condition_\($0)" } + c.evaluation.groups.map { "group_\($0)" }
        header += table.modalities.map { "available_\($0.rawValue)" } + table.names
        var rows: [[String]] = []
        for (i, row) in table.rows.enumerated() {
            let r = recs[row.recording]
            var cells = [
                "\(r.id)#\(row.window.index)", r.id, r.subject, r.session, CSVWriting.cell(row.window.startS),
                CSVWriting.cell(row.window.endS), row.window.label,
            ]
            cells +=
                c.evaluation.conditions.map { r.conditions[$0] ?? "" } + c.evaluation.groups.map { r.groups[$0] ?? "" }
            cells += table.modalities.map { row.window.available[$0] == true ? "1" : "0" }
            cells += table.values[i].map(CSVWriting.cell)
            rows.append(cells)
        }
        return CSVWriting.text(header: header, rows: rows)
    }
}
