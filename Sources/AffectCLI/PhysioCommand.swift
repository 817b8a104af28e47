import ArgumentParser
import Foundation
import Physio
import SignalCore
import Tabular

/// `affect physio ecg|ppg|eda|rsp|hrv`.
struct PhysioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "physio",
        abstract: "Physiology: ECG/PPG beats and HRV, EDA tonic/phasic and SCRs, respiration (NeuroKit2 names).",
        subcommands: [ECGCommand.self, PPGCommand.self, EDACommand.self, RSPCommand.self, HRVCommand.self])

    /// Options shared by the signal commands.
    struct SignalOptions: ParsableArguments {
        @Argument(help: "CSV file (header row; a named column, optional sample/time column) or WFDB .hea header.")
        var file: String
        @Option(help: "Sample rate in Hz (required for CSV without a time column; must match a WFDB header).")
        var rate: Double?
        @Option(help: "CSV column name, or WFDB signal name/number (default: the only signal column / signal 0).")
        var column: String?
        @Option(help: "Output format: json or csv (name,value rows of the features).")
        var format: String = "json"

        func validateFormat() throws {
            guard format == "json" || format == "csv" else {
                throw CLIError("--format \(format): expected json or csv")
            }
        }
    }

    struct ECGCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ecg", abstract: "R-peaks, per-beat quality, artefacts (Lipponen & Tarvainen 2019) and HRV.")
        @OptionGroup var options: BeatOptions
        func run() throws { try options.run(isPPG: false) }
    }

    struct PPGCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ppg", abstract: "PPG systolic peaks (Elgendi 2013), per-beat quality, artefacts and PRV/HRV.")
        @OptionGroup var options: BeatOptions
        func run() throws { try options.run(isPPG: true) }
    }

    struct BeatOptions: ParsableArguments {
        @OptionGroup var options: SignalOptions
        @Option(help: "ECG detector: pantompkins1985, elgendi2010, makowski2021 (default); PPG: elgendi2013.")
        var method: String?
        @Option(help: "Powerline frequency in Hz for the ECG notch (default 50).") var powerline: Double = 50
        @Option(help: "HRV PSD: welch (4 Hz cubic, default), welch_neurokit, lomb.") var psd: String = "welch"
        @Flag(help: "Compute HRV on the raw intervals instead of the artefact-corrected NN intervals.") var raw = false

        func run(isPPG: Bool) throws {
            try options.validateFormat()
            try userFacing {
                let (signal, column) = try PhysioInput.signal(options)
                var p = PhysioParameters()
                p.ecg.cleaning.powerlineHz = powerline
                p.correctArtefacts = !raw
                guard let m = HRVFrequency.Method(rawValue: psd) else {
                    throw CLIError("--psd \(psd): expected one of welch, welch_neurokit, lomb")
                }
                p.hrv.frequencyMethod = m
                if let method {
                    if isPPG {
                        guard method == "elgendi2013" else {
                            throw CLIError("--method \(method): PPG supports elgendi2013")
                        }
                    } else {
                        guard let d = ECGDetector(rawValue: method) else {
                            throw CLIError(
                                "--method \(method): expected one of \(ECGDetector.allCases.map(\.rawValue).joined(separator: ", "))"
                            )
                        }
                        p.ecg.detector = d
                    }
                }
                let beats =
                    isPPG ? try PPG.process(signal, parameters: p.ppg) : try ECG.process(signal, parameters: p.ecg)
                let hrv = HRV.featuresOrNaN(beats.intervals(corrected: !raw), parameters: p.hrv)
                if options.format == "csv" { return emit(PhysioInput.csv(hrv)) }
                var artefacts: [JSONValue] = []
                if let a = beats.artefacts {
                    for i in a.labels.indices where a.labels[i] != .normal {
                        artefacts.append(
                            .obj([
                                ("interval", .integer(i)), ("beat_sample", .integer(beats.peaks[i + 1])),
                                ("type", .string(a.labels[i].rawValue)),
                            ]))
                    }
                }
                let json = JSONValue.obj(
                    PhysioInput.header(options, column: column, signal: signal) + [
                        (
                            "parameters",
                            .obj([
                                ("signal", .string(isPPG ? "ppg" : "ecg")),
                                ("method", .string(isPPG ? "elgendi2013" : p.ecg.detector.rawValue)),
                                ("powerline_hz", .number(p.ecg.cleaning.powerlineHz)),
                                ("hrv_intervals", .string(raw ? "raw" : "nn_corrected_lipponen2019")),
                                ("psd", .string(p.hrv.frequencyMethod.rawValue)),
                            ])
                        ),
                        ("peaks", .integers(beats.peaks)),
                        ("quality", .numbers(beats.quality)),
                        ("artefacts", .array(artefacts)),
                        ("hrv", PhysioInput.object(hrv)),
                        ("undefined", PhysioInput.reasons(hrv)),
                    ])
                emit(json.rendered(pretty: false))
            }
        }
    }

    struct EDACommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eda", abstract: "EDA tonic/phasic decomposition (high-pass) and SCRs.")
        @OptionGroup var options: SignalOptions

        func run() throws {
            try options.validateFormat()
            try userFacing {
                let (signal, column) = try PhysioInput.signal(options)
                let a = try EDA.process(signal)
                let f = EDA.features(a)
                if options.format == "csv" { return emit(PhysioInput.csv(f)) }
                let scr: [JSONValue] = a.scrs.map { s in
                    .obj([
                        ("onset", s.onset.map { .integer($0) } ?? .null), ("peak", .integer(s.peak)),
                        ("amplitude", .number(s.amplitude)), ("rise_time_s", .number(s.riseTimeSeconds)),
                        ("recovery_time_s", .number(s.recoveryTimeSeconds)),
                    ])
                }
                let json = JSONValue.obj(
                    PhysioInput.header(options, column: column, signal: signal) + [
                        ("parameters", .obj([("signal", .string("eda")), ("method", .string("highpass_neurokit"))])),
                        ("scr_peaks", .integers(a.scrs.map(\.peak))),
                        ("scr", .array(scr)),
                        ("eda", PhysioInput.object(f)),
                        ("undefined", PhysioInput.reasons(f)),
                    ])
                emit(json.rendered(pretty: false))
            }
        }
    }

    struct RSPCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rsp", abstract: "Respiration: breaths (khodadad2018), rate, amplitude, variability.")
        @OptionGroup var options: SignalOptions

        func run() throws {
            try options.validateFormat()
            try userFacing {
                let (signal, column) = try PhysioInput.signal(options)
                let a = try RSP.process(signal)
                let f = RSP.features(a)
                if options.format == "csv" { return emit(PhysioInput.csv(f)) }
                let json = JSONValue.obj(
                    PhysioInput.header(options, column: column, signal: signal) + [
                        ("parameters", .obj([("signal", .string("rsp")), ("method", .string("khodadad2018"))])),
                        ("breaths", .integers(a.peaks)),
                        ("troughs", .integers(a.troughs)),
                        ("rsp", PhysioInput.object(f)),
                        ("undefined", PhysioInput.reasons(f)),
                    ])
                emit(json.rendered(pretty: false))
            }
        }
    }

    struct HRVCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hrv", abstract: "HRV of an RR/NN interval series in ms (one per line or a CSV column).")
        @Argument(help: "Interval file: one value in ms per line, or a CSV with a header.") var file: String
        @Option(help: "CSV column (default: the only non-index column).") var column: String?
        @Option(help: "PSD: welch (4 Hz cubic, default), welch_neurokit, lomb.") var psd: String = "welch"
        @Flag(help: "Skip artefact correction (HRV on the intervals as given).") var raw = false
        @Option(help: "Output format: json or csv.") var format: String = "json"

        func run() throws {
            guard format == "json" || format == "csv" else {
                throw CLIError("--format \(format): expected json or csv")
            }
            try userFacing {
                guard let m = HRVFrequency.Method(rawValue: psd) else {
                    throw CLIError("--psd \(psd): expected one of welch, welch_neurokit, lomb")
                }
                let (values, col) = try PhysioInput.numbers(file, column: column, indexColumns: ["index", "sample"])
                let rr = try RRSeries(intervalsMs: values, what: "\(file) column \(col)")
                let a = try Artefacts.correct(rr)
                var p = HRVParameters()
                p.frequencyMethod = m
                let f = HRV.featuresOrNaN(raw ? rr : a.corrected, parameters: p)
                if format == "csv" { return emit(PhysioInput.csv(f)) }
                let flagged: [JSONValue] = a.flagged.map {
                    .obj([("interval", .integer($0)), ("type", .string(a.labels[$0].rawValue))])
                }
                let json = JSONValue.obj([
                    ("schema", .string("affect.physio.v1")),
                    (
                        "input",
                        .obj([("file", .string(file)), ("column", .string(col)), ("intervals", .integer(values.count))])
                    ),
                    (
                        "parameters",
                        .obj([
                            ("hrv_intervals", .string(raw ? "raw" : "nn_corrected_lipponen2019")),
                            ("psd", .string(m.rawValue)),
                        ])
                    ),
                    ("artefacts", .array(flagged)),
                    ("hrv", PhysioInput.object(f)),
                    ("undefined", PhysioInput.reasons(f)),
                ])
                emit(json.rendered(pretty: false))
            }
        }
    }
}

/// File reading for the physio commands (the stage itself is pure).
enum PhysioInput {
    /// The `schema` and `input` members every `affect.physio.v1` signal document starts with.
    static func header(_ o: PhysioCommand.SignalOptions, column: String, signal: Signal) -> [(String, JSONValue)] {
        [
            ("schema", .string("affect.physio.v1")),
            (
                "input",
                .obj([
                    ("file", .string(o.file)), ("column", .string(column)),
                    ("sample_rate", .number(signal.sampleRate)), ("samples", .integer(signal.count)),
                ])
            ),
        ]
    }

    /// Reads the signal named by the options: WFDB (`.hea`) or CSV.
    static func signal(_ o: PhysioCommand.SignalOptions) throws -> (Signal, String) {
        if let r = o.rate, !(r.isFinite && r > 0) { throw CLIError("--rate \(r): expected a sample rate > 0 Hz") }
        if o.file.lowercased().hasSuffix(".hea") { return try wfdb(o) }
        let (values, col, rate) = try csvSignal(o.file, column: o.column, rate: o.rate)
        return (try Signal(samples: values, sampleRate: rate).validated(what: "\(o.file) column \(col)"), col)
    }

    static func wfdb(_ o: PhysioCommand.SignalOptions) throws -> (Signal, String) {
        guard let text = try? String(contentsOfFile: o.file, encoding: .utf8) else {
            throw CLIError("\(o.file): cannot read the WFDB header")
        }
        let header = try WFDB.parseHeader(text, file: o.file)
        var index = 0
        if let c = o.column {
            if let i = Int(c) {
                index = i
            } else if let i = header.signals.firstIndex(where: { $0.description == c }) {
                index = i
            } else {
                throw CLIError(
                    "\(o.file): no signal '\(c)'; signals are \(header.signals.map(\.description).joined(separator: ", "))"
                )
            }
        }
        guard header.signals.indices.contains(index) else {
            throw CLIError("\(o.file): signal \(index) does not exist (the header has \(header.signals.count))")
        }
        if let r = o.rate, r != header.samplingFrequency {
            throw CLIError("--rate \(r) contradicts \(o.file), which says \(header.samplingFrequency) Hz")
        }
        let dir = URL(fileURLWithPath: o.file).deletingLastPathComponent()
        let dat = dir.appendingPathComponent(header.signals[index].fileName).path
        guard FileManager.default.fileExists(atPath: dat), let data = FileManager.default.contents(atPath: dat) else {
            throw CLIError("\(o.file) names the data file \(dat), which does not exist")
        }
        let x = try WFDB.physicalSignal(header: header, index: index, dataFile: [UInt8](data))
        return (try Signal(samples: x, sampleRate: header.samplingFrequency), header.signals[index].description)
    }

    /// A numeric column of a CSV (or a headerless one-value-per-line file) and the sample rate (from
    /// `--rate` or a `time`/`time_s`/`timer` column in seconds).
    static func csvSignal(_ path: String, column: String?, rate: Double?) throws -> ([Double], String, Double) {
        let (values, col) = try numbers(
            path, column: column, indexColumns: ["sample", "index", "time", "time_s", "timer"])
        if let rate { return (values, col, rate) }
        let table = try CSVTable(contentsOfFile: path)
        for name in ["time_s", "time", "timer"] where table.has(name) {
            let t = try table.numbers(name)
            guard t.count >= 2, let a = t.first, let b = t.last, b > a else { continue }
            return (values, col, Double(t.count - 1) / (b - a))
        }
        throw CLIError("\(path): no sample rate; pass --rate HZ (the file has no time_s column)")
    }

    static func numbers(_ path: String, column: String?, indexColumns: Set<String>) throws -> ([Double], String) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CLIError("\(path): cannot read the file")
        }
        let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        if column == nil, !firstLine.contains(","), Double(firstLine.trimmingCharacters(in: .whitespaces)) != nil {
            var out: [Double] = []
            for (i, line) in text.split(whereSeparator: \.isNewline).enumerated() {
                let s = line.trimmingCharacters(in: .whitespaces)
                if s.isEmpty { continue }
                guard let v = Double(s) else { throw CLIError("\(path) line \(i + 1): '\(s)' is not a number") }
                out.append(v)
            }
            return (out, "values")
        }
        let table = try CSVTable(text: text, source: path)
        let name: String
        if let column {
            name = column
        } else {
            let candidates = table.header.filter { !indexColumns.contains($0) && !$0.isEmpty }
            guard candidates.count == 1 else {
                throw CLIError(
                    "\(path): choose a column with --column (columns: \(table.header.joined(separator: ", ")))")
            }
            name = candidates[0]
        }
        return (try table.numbers(name), name)
    }

    static func object(_ f: [PhysioFeature]) -> JSONValue { .object(f.map { ($0.name, .number($0.value)) }) }

    static func reasons(_ f: [PhysioFeature]) -> JSONValue {
        .object(f.compactMap { x in x.reason.map { (x.name, .string($0)) } })
    }

    static func csv(_ f: [PhysioFeature]) -> String {
        CSVWriting.text(header: ["feature", "value"], rows: f.map { [$0.name, CSVWriting.cell($0.value)] })
    }
}
