import ArgumentParser
import ContentHash
import Foundation
import Fusion
import Tabular

/// `affect fusion cv|fit|predict`: fusion models on any feature table (ours, openSMILE's,
/// anyone's CSV), evaluated subject-wise by default.
struct FusionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fusion",
        abstract: "Fit and cross-validate fusion models (logistic regression or MLP; early/late/hybrid fusion).",
        discussion: """
            Standardisation, imputation and every learned weight are fitted inside each training fold.
            Outputs are class probabilities with their evaluation, never verdicts about a person.
            """,
        subcommands: [CV.self, Fit.self, Predict.self])

    /// Options shared by `cv` and `fit`.
    struct ModelOptions: ParsableArguments {
        @Option(help: "Class label column.") var label: String
        @Option(help: "Subject (grouping) column: the unit held out by leave-one-subject-out.") var group: String
        @Option(help: "Condition column (optional; carried into predictions).") var condition: String?
        @Option(help: "Classifier: logreg or mlp.") var model = "logreg"
        @Option(name: .customLong("C"), help: "Inverse L2 strength of logistic regression (scikit-learn C).")
        var C = 1.0
        @Option(help: "Logistic regression gradient tolerance (max |gradient| of the scaled objective).")
        var tol = 1e-8
        @Option(help: "Fusion strategy: early, late or hybrid.") var fusion = "early"
        @Option(help: "Late fusion combiner: mean, weighted (learned on an inner split) or stacked.")
        var lateCombiner = "weighted"
        @Option(help: "Comma-separated modality prefixes, e.g. prosody_,face_,physio_ (default: one modality).")
        var modalityPrefixes: String?
        @Option(help: "Columns never used as features when no prefixes are given.") var ignore = "sample,id,index"
        @Option(help: "Probability of dropping a modality from a training row (0 = off).") var modalityDropout = 0.0
        @Option(help: "MLP hidden layer sizes, comma-separated (1 or 2 layers).") var hidden = "64"
        @Option(help: "MLP maximum epochs.") var epochs = 200
        @Option(help: "MLP minibatch size.") var batchSize = 200
        @Option(help: "MLP L2 penalty alpha.") var alpha = 1e-4
        @Option(help: "Random seed (splits, dropout, MLP initialisation).") var seed: UInt64 = 0
        @Option(help: "OpenBLAS threads (default 1, deterministic).") var blasThreads = 1

        func parameters() throws -> FusionParameters {
            let clf: ClassifierSpec
            switch model {
            case "logreg": clf = .logistic(parameters: .init(C: C, tol: tol))
            case "mlp":
                let layers = hidden.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard layers.allSatisfy({ $0 != nil }) else {
                    throw CLIError("--hidden \(hidden): expected comma-separated layer sizes such as 64 or 128,32")
                }
                clf = .mlp(
                    parameters: .init(
                        hiddenLayers: layers.map { $0! }, alpha: alpha, batchSize: batchSize, maxEpochs: epochs))
            default: throw CLIError("--model \(model): expected logreg or mlp")
            }
            guard let strategy = FusionStrategy(rawValue: fusion) else {
                throw CLIError("--fusion \(fusion): expected early, late or hybrid")
            }
            guard let combiner = LateCombiner(rawValue: lateCombiner) else {
                throw CLIError("--late-combiner \(lateCombiner): expected mean, weighted or stacked")
            }
            let p = FusionParameters(
                classifier: clf, strategy: strategy, lateCombiner: combiner, modalityDropout: modalityDropout)
            try p.validate()
            return p
        }

        var prefixes: [String] {
            (modalityPrefixes ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }

        func csvOptions(label: String?) -> FeatureTable.CSVOptions {
            .init(
                label: label, subject: group, condition: condition, modalityPrefixes: prefixes,
                ignore: ignore.split(separator: ",").map(String.init))
        }

        func loadTable(_ path: String) throws -> FeatureTable {
            try BLASInfo.setThreads(blasThreads)
            let csv = try CSVTable(contentsOfFile: path)
            let table = try FeatureTable.fromCSV(csv, options: csvOptions(label: label))
            log(
                "\(path): \(table.count) rows, \(table.featureNames.count) features in \(table.modalities.count) "
                    + "modalities, \(table.classes.count) classes, \(Set(table.subjects).count) subjects")
            return table
        }

        func parametersJSON(_ p: FusionParameters, protocolText: String?) throws -> JSONValue {
            var pairs: [(String, JSONValue)] = [
                ("label", .string(label)), ("group", .string(group)), ("model", .string(model)),
                ("fusion", .string(fusion)),
                ("modality_prefixes", .array(prefixes.map { .string($0) })), ("seed", .integer(Int(seed))),
                ("blas", .obj([("threads", .integer(BLASInfo.threads)), ("core", .string(BLASInfo.coreName))])),
            ]
            if let pt = protocolText { pairs.append(("protocol", .string(pt))) }
            if model == "logreg" {
                pairs.append(("C", .number(C)))
                pairs.append(("tol", .number(tol)))
            } else {
                pairs.append(("hidden", .string(hidden)))
                pairs.append(("epochs", .integer(epochs)))
                pairs.append(("batch_size", .integer(batchSize)))
                pairs.append(("alpha", .number(alpha)))
            }
            if p.strategy != .early { pairs.append(("late_combiner", .string(lateCombiner))) }
            pairs.append(("modality_dropout", .number(modalityDropout)))
            return .obj(pairs)
        }
    }

    static func metrics(_ r: ClassificationMetrics.Report) -> [(String, JSONValue)] {
        [
            ("accuracy", .number(r.accuracy)), ("uar", .number(r.uar)), ("macro_f1", .number(r.macroF1)),
            ("log_loss", .number(r.logLoss)),
        ]
    }

    struct CV: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Cross-validate subject-wise (leave-one-subject-out by default) and print pooled and per-fold metrics.")

        @Argument(help: "Feature table CSV.") var file: String
        @OptionGroup var options: ModelOptions
        @Option(help: "loso (default), kfold:K (subject-wise) or stratified:K (row-wise; leaks identity).")
        var `protocol` = "loso"
        @Option(help: "Output format: json.") var format = "json"
        @Option(help: "Also write out-of-fold predictions as CSV to this path.") var predictions: String?

        func run() throws {
            try userFacing {
                guard format == "json" else { throw CLIError("--format \(format): expected json") }
                let params = try options.parameters()
                let split = try SplitProtocol(parsing: `protocol`)
                let table = try options.loadTable(file)
                let oof = try CrossValidation.run(table: table, parameters: params, protocol: split, seed: options.seed)
                let report = CrossValidation.report(oof, labels: table.labels, maskTable: table)
                let s = report.summary
                let json: JSONValue = .obj([
                    ("schema", .string("affect.fusion.v1")),
                    ("input", .obj([("file", .string(file)), ("sha256", .string(try SHA256.hex(ofFileAt: file)))])),
                    ("parameters", try options.parametersJSON(params, protocolText: split.description)),
                    ("classes", .array(table.classes.map { .string($0) })),
                    ("pooled", .obj(FusionCommand.metrics(report.pooled) + [("n", .integer(report.pooled.n))])),
                    (
                        "fold_summary",
                        .obj([
                            ("folds", .integer(report.perFold.count)), ("mean_accuracy", .number(s.meanAccuracy)),
                            ("mean_uar", .number(s.meanUAR)), ("mean_macro_f1", .number(s.meanMacroF1)),
                            ("mean_log_loss", .number(s.meanLogLoss)), ("sd_accuracy", .number(s.sdAccuracy)),
                            ("sd_uar", .number(s.sdUAR)), ("sd_macro_f1", .number(s.sdMacroF1)),
                            ("sd_log_loss", .number(s.sdLogLoss)), ("sd_ddof", .integer(1)),
                        ])
                    ),
                    (
                        "per_fold",
                        .array(
                            report.perFold.map { f, r in
                                .obj(
                                    [
                                        ("fold", .integer(f.index)), ("held_out", .string(f.name)),
                                        ("n_test", .integer(r.n)),
                                    ]
                                        + FusionCommand.metrics(r) + [("classes_present", .integer(r.classesPresent))])
                            })
                    ),
                    ("per_class_recall", .numbers(report.pooled.perClassRecall)),
                    ("confusion", .array(report.pooled.confusion.map { .integers($0) })),
                    (
                        "per_mask",
                        .array(
                            report.perMask.map {
                                .obj([
                                    ("available", .string($0.pattern)), ("n", .integer($0.n)),
                                    ("accuracy", .number($0.accuracy)), ("uar", .number($0.uar)),
                                    ("log_loss", .number($0.logLoss)),
                                ])
                            })
                    ),
                ])
                if let path = predictions {
                    try AtomicFile.write(
                        FusionCommand.predictionCSV(table, oof.probabilities, folds: oof.foldOf), to: path)
                    log("wrote out-of-fold predictions to \(path)")
                }
                emit(json.rendered(pretty: true))
            }
        }
    }

    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit a fusion model on every row and write it as JSON.")

        @Argument(help: "Feature table CSV.") var file: String
        @OptionGroup var options: ModelOptions
        @Option(name: .shortAndLong, help: "Model JSON path.") var output: String

        func run() throws {
            try userFacing {
                let params = try options.parameters()
                let table = try options.loadTable(file)
                let model = try FusionTrainer.fit(table, parameters: params, seed: options.seed)
                let input: JSONValue = .obj([
                    ("file", .string(file)), ("sha256", .string(try SHA256.hex(ofFileAt: file))),
                    ("label", .string(options.label)), ("group", .string(options.group)),
                    ("modality_prefixes", .array(options.prefixes.map { .string($0) })),
                    ("ignore", .string(options.ignore)),
                ])
                try AtomicFile.write(try FusionModelFile.render(model, input: input), to: output)
                log("wrote \(output)")
            }
        }
    }

    struct Predict: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Predict class probabilities for a feature table with a fitted model (CSV to stdout).")

        @Argument(help: "Model JSON written by `affect fusion fit`.") var model: String
        @Argument(help: "Feature table CSV with the model's feature columns.") var file: String
        @Option(help: "Subject column to copy into the output (optional).") var group: String?
        @Option(help: "OpenBLAS threads (default 1, deterministic).") var blasThreads = 1

        func run() throws {
            try userFacing {
                try BLASInfo.setThreads(blasThreads)
                let text: String
                do { text = try String(contentsOfFile: model, encoding: .utf8) } catch {
                    throw CLIError("\(model): cannot be read; expected a model JSON written by `affect fusion fit`")
                }
                let fitted = try FusionModelFile.load(text: text, source: model)
                let csv = try CSVTable(contentsOfFile: file)
                let prefixes = fitted.modalities.map(\.prefix).filter { !$0.isEmpty }
                var opts = FeatureTable.CSVOptions(label: nil, subject: group, modalityPrefixes: prefixes)
                if prefixes.isEmpty {
                    // One unprefixed modality: read exactly the fitted columns.
                    let missing = fitted.featureNames.filter { !csv.has($0) }
                    guard missing.isEmpty else {
                        throw FusionError.featureMismatch(expected: fitted.featureNames, found: csv.header)
                    }
                    opts.ignore = csv.header.filter { !fitted.featureNames.contains($0) }
                }
                let table = try FeatureTable.fromCSV(csv, options: opts, classes: fitted.classes)
                let p = try fitted.predictProbabilities(table)
                emit(FusionCommand.predictionCSV(table, p, folds: nil))
            }
        }
    }

    /// row, subject, fold (cv only), p_<class>…, predicted, available (mask pattern).
    static func predictionCSV(_ table: FeatureTable, _ p: Matrix, folds: [Int]?) -> String {
        var header = ["row", "subject"]
        if folds != nil { header.append("fold") }
        header += table.classes.map { "p_\($0)" } + ["predicted", "available"]
        if table.labels.allSatisfy({ $0 >= 0 }) { header.append("label") }
        let pred = ClassificationMetrics.argmax(p)
        let rows: [[String]] = (0..<table.count).map { i in
            var r = ["\(i)", table.subjects[i]]
            if let f = folds { r.append("\(f[i])") }
            r += (0..<p.cols).map { CSVWriting.cell(p[i, $0]) }
            r += [table.classes[pred[i]], table.maskPattern(i)]
            if table.labels.allSatisfy({ $0 >= 0 }) { r.append(table.classes[table.labels[i]]) }
            return r
        }
        return CSVWriting.text(header: header, rows: rows)
    }
}
