import ArgumentParser
import Calibration
import ContentHash
import Foundation
import Reporting
import Tabular

/// `affect calibrate metrics|fit|apply`: calibration metrics with their conventions and bootstrap
/// intervals (overall and per group), and post-hoc calibrators fitted on one split and applied to
/// new predictions.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Measure calibration (ECE family, Brier, NLL, AURC, ... with conventions) and fit/apply calibrators.",
        subcommands: [Metrics.self, Fit.self, Apply.self])

    /// Columns and validation shared by the subcommands.
    struct InputOptions: ParsableArguments {
        @Option(help: "Label column (integer class indices).") var label = "y"
        @Option(help: "Prefix of the probability columns <prefix>0..<prefix>K-1 (only <prefix>1 = binary).")
        var probPrefix = "p"
        @Flag(help: "Divide each row by its sum instead of rejecting rows whose probabilities do not sum to 1.")
        var renormalise = false
        @Option(help: "Largest allowed |row sum - 1|.") var sumTolerance = 1e-6
    }

    static func load(
        _ path: String, _ o: InputOptions, group: String? = nil, requireLabels: Bool = true,
        rowsWhere: (String, String)? = nil
    ) throws -> (Predictions, CSVTable) {
        var table = try CSVTable(contentsOfFile: path)
        var columns = PredictionColumns(label: o.label, probabilityPrefix: o.probPrefix, group: group)
        var validation = Predictions.Validation(sumTolerance: o.sumTolerance, renormalise: o.renormalise)
        if let (col, value) = rowsWhere {
            let i = try table.columnIndex(col)
            let rows = table.rows.filter { $0[i] == value }
            guard !rows.isEmpty else {
                let seen = Set(table.rows.map { $0[i] }).sorted().prefix(10).joined(separator: ", ")
                throw CLIError("\(path): no rows with \(col) = \(value); values present: \(seen)")
            }
            table = CSVTable(source: table.source, header: table.header, rows: rows)
        }
        if !requireLabels && !table.has(o.label) {
            // Applying a calibrator needs no labels: use placeholder labels, never reported.
            columns.label = "__affect_no_label"
            table = CSVTable(
                source: table.source, header: table.header + [columns.label], rows: table.rows.map { $0 + ["0"] })
            validation.requireTwoClasses = false
        }
        return (try Predictions(table: table, columns: columns, validation: validation), table)
    }

    static func inputJSON(_ path: String, _ p: Predictions, _ o: InputOptions) throws -> JSONValue {
        .obj([
            ("file", .string(path)), ("sha256", .string(try SHA256.hex(ofFileAt: path))), ("rows", .integer(p.count)),
            ("classes", .integer(p.classCount)), ("label_column", .string(o.label)),
            ("probability_prefix", .string(o.probPrefix)), ("binary_single_p1", .bool(p.singlePositiveColumn)),
            ("renormalised", .bool(o.renormalise)),
        ])
    }

    struct Metrics: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Every calibration metric with its convention; --by COLUMN adds per-group metrics and differences.")

        @Argument(help: "Predictions CSV (label column + probability columns).") var file: String
        @OptionGroup var input: InputOptions
        @Option(help: "Bins of the headline ECE/MCE and Murphy decomposition.") var bins = 15
        @Option(help: "Binning of the headline ECE: equal_width or equal_mass.") var scheme = "equal_width"
        @Option(help: "Equal-width bin edges: right_closed (Guo et al. 2017) or left_closed.") var edges =
            "right_closed"
        @Option(help: "Group/condition column: metrics per group and pairwise differences.") var by: String?
        @Option(help: "Bootstrap replicates for percentile CIs (0 = none).") var bootstrap = 0
        @Option(help: "Bootstrap seed.") var seed: UInt64 = 12345
        @Option(help: "Bootstrap CI level.") var level = 0.95
        @Option(help: "Bootstrap index generator: splitmix64 (default) or numpy-pcg64 (numpy default_rng(seed)).")
        var rng = "splitmix64"
        @Option(help: "Target selective risk: report the abstention threshold that meets it.") var targetRisk: Double?
        @Flag(help: "Skip the smooth ECE (relplot), e.g. for large bootstraps.") var noSmooth = false
        @Option(help: "Write reliability and risk-coverage SVGs with their CSVs into this directory.") var plots:
            String?
        @Option(help: "Output format: json or csv (name,value,convention).") var format = "json"

        func run() throws {
            try userFacing {
                guard let sch = BinningScheme(rawValue: scheme) else {
                    throw CLIError("--scheme \(scheme): expected equal_width or equal_mass")
                }
                guard let edg = BinEdgeConvention(rawValue: edges) else {
                    throw CLIError("--edges \(edges): expected right_closed or left_closed")
                }
                guard format == "json" || format == "csv" else {
                    throw CLIError("--format \(format): expected json or csv")
                }
                guard bootstrap >= 0 else { throw CLIError("--bootstrap \(bootstrap): expected 0 or more replicates") }
                guard let generator = BootstrapGenerator(rawValue: rng) else {
                    throw CLIError("--rng \(rng): expected splitmix64 or numpy-pcg64")
                }
                let (p, _) = try CalibrateCommand.load(file, input, group: by)
                let options = MetricOptions(
                    bins: bins, scheme: sch, edges: edg, smoothECE: !noSmooth, targetRisk: targetRisk)
                let boot =
                    bootstrap > 0
                    ? Bootstrap(replicates: bootstrap, seed: seed, level: level, generator: generator) : nil
                let report = try CalibrationMetrics.report(p, options: options)
                let intervals = try boot?.intervals(p, options: options) ?? []
                if let dir = plots {
                    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                    let rd = try ReliabilityDiagram.make(p, bins: bins, scheme: sch, edges: edg, bootstrap: boot)
                    let rc = RiskCoveragePlot.make(p, targetRisk: targetRisk)
                    for (name, text) in [
                        ("reliability.svg", rd.svg), ("reliability.csv", rd.csv), ("risk_coverage.svg", rc.svg),
                        ("risk_coverage.csv", rc.csv),
                    ] {
                        try AtomicFile.write(text, to: (dir as NSString).appendingPathComponent(name))
                    }
                    log("wrote reliability.svg/.csv and risk_coverage.svg/.csv to \(dir)")
                }
                let groups = try by.map { _ in try GroupComparison.compute(p, options: options, bootstrap: boot) }
                if format == "csv" {
                    var rows: [[String]] = []
                    let iv = Dictionary(uniqueKeysWithValues: intervals.map { ($0.0, $0.1) })
                    for m in report.metrics.map({ ("", $0) }) + report.positiveClass.map({ ("positive_class.", $0) }) {
                        let name = m.0 + m.1.name
                        rows.append([
                            "all", name, CSVWriting.cell(m.1.value), iv[name].map { CSVWriting.cell($0.lower) } ?? "",
                            iv[name].map { CSVWriting.cell($0.upper) } ?? "", m.1.convention,
                        ])
                    }
                    for g in groups?.groups ?? [] {
                        let giv = Dictionary(uniqueKeysWithValues: g.intervals.map { ($0.0, $0.1) })
                        for (name, v) in g.report.flattened {
                            rows.append([
                                g.name, name, CSVWriting.cell(v), giv[name].map { CSVWriting.cell($0.lower) } ?? "",
                                giv[name].map { CSVWriting.cell($0.upper) } ?? "", "",
                            ])
                        }
                    }
                    emit(
                        CSVWriting.text(
                            header: ["group", "metric", "value", "ci_lower", "ci_upper", "convention"], rows: rows))
                    return
                }
                var params = options.json
                if case .object(var pairs) = params {
                    pairs.append(("by", by.map { .string($0) } ?? .null))
                    pairs.append(("bootstrap", boot?.json ?? .null))
                    params = .object(pairs)
                }
                var out: [(String, JSONValue)] = [
                    ("schema", .string("affect.calibration.v1")),
                    ("input", try CalibrateCommand.inputJSON(file, p, input)),
                    ("parameters", params),
                ]
                guard case .object(let body) = report.json else { return }
                out.append(contentsOf: body)
                if !intervals.isEmpty {
                    out.append(("ci", .object(intervals.map { ($0.0, $0.1.json) })))
                }
                if let g = groups {
                    out.append(("by", g.json.by))
                    out.append(("differences", g.json.differences))
                }
                emit(JSONValue.object(out).rendered())
            }
        }
    }

    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit a calibrator on the calibration split and write it as JSON.")

        @Option(help: "temperature, platt, isotonic, histogram, beta or dirichlet.") var method: String
        @Argument(help: "Predictions CSV.") var file: String
        @OptionGroup var input: InputOptions
        @Option(help: "Column naming the split of each row (omit to fit on every row).") var splitColumn: String?
        @Option(help: "Split value to fit on.") var fitSplit = "0"
        @Option(help: "Platt regressor: log_odds or probability (scikit-learn CalibratedClassifierCV).")
        var plattInput = "log_odds"
        @Option(help: "Platt targets: hard or platt1999 (smoothed, scikit-learn).") var plattTargets = "hard"
        @Option(help: "Isotonic outputs clipped to [clip, 1 - clip] (0 = scikit-learn, exact 0/1 possible).")
        var isotonicClip = 1e-6
        @Option(help: "Histogram-binning bins.") var histogramBins = 15
        @Option(help: "Dirichlet L2 strength lambda on W (scikit-learn C = 1/lambda).") var l2 = 0.0
        @Option(name: .shortAndLong, help: "Output model JSON (default: stdout).") var output: String?

        func run() throws {
            try userFacing {
                guard let m = CalibrationMethod(rawValue: method) else {
                    throw CLIError(
                        "--method \(method): expected one of \(CalibrationMethod.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                guard let pi = PlattInput(rawValue: plattInput) else {
                    throw CLIError("--platt-input \(plattInput): expected log_odds or probability")
                }
                guard let pt = PlattTargets(rawValue: plattTargets) else {
                    throw CLIError("--platt-targets \(plattTargets): expected hard or platt1999")
                }
                let params = CalibratorParameters(
                    plattInput: pi, plattTargets: pt, isotonicClip: isotonicClip, histogramBins: histogramBins,
                    dirichletL2: l2)
                let (p, _) = try CalibrateCommand.load(file, input, rowsWhere: splitColumn.map { ($0, fitSplit) })
                let model = try FittedCalibrator.fit(m, on: p, parameters: params)
                guard case .object(var inp) = try CalibrateCommand.inputJSON(file, p, input) else { return }
                inp.append(("split_column", splitColumn.map { .string($0) } ?? .null))
                inp.append(("fit_split", splitColumn == nil ? .null : .string(fitSplit)))
                let text = model.document(input: .object(inp), parameters: params).rendered()
                if let o = output {
                    try AtomicFile.write(text + "\n", to: o)
                    log("wrote \(method) calibrator fitted on \(p.count) rows to \(o)")
                } else {
                    emit(text)
                }
            }
        }
    }

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Apply a fitted calibrator: writes the input's other columns (except logit*) and calibrated p0..pK-1.")

        @Argument(help: "Model JSON written by `affect calibrate fit`.") var model: String
        @Argument(help: "Predictions CSV (labels optional).") var file: String
        @OptionGroup var input: InputOptions
        @Option(name: .shortAndLong, help: "Output CSV (default: stdout).") var output: String?

        func run() throws {
            try userFacing {
                guard let data = FileManager.default.contents(atPath: model) else {
                    throw CLIError("\(model): cannot be read; expected a model JSON from `affect calibrate fit`")
                }
                let fitted = try FittedCalibrator.decode(json: String(decoding: data, as: UTF8.self))
                let (p, table) = try CalibrateCommand.load(file, input, requireLabels: false)
                let out = try fitted.apply(p)
                let prefix = input.probPrefix
                let keep = table.header.indices.filter { i in
                    let h = table.header[i]
                    let isProb = h.hasPrefix(prefix) && Int(h.dropFirst(prefix.count)) != nil
                    return !isProb && !h.hasPrefix("logit") && h != "__affect_no_label"
                }
                let k = out.classCount
                let header = keep.map { table.header[$0] } + (0..<k).map { "\(prefix)\($0)" }
                var rows: [[String]] = []
                rows.reserveCapacity(out.count)
                for i in 0..<out.count {
                    rows.append(
                        keep.map { table.rows[i][$0] } + (0..<k).map { "\(out.probabilities[i * k + $0])" })
                }
                let text = CSVWriting.text(header: header, rows: rows)
                if let o = output {
                    try AtomicFile.write(text, to: o)
                    log("wrote \(out.count) calibrated rows (\(fitted.method.rawValue)) to \(o)")
                } else {
                    emit(text)
                }
            }
        }
    }
}
