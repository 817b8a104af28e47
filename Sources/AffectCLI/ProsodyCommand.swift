import ArgumentParser
import AudioIO
import Foundation
import Prosody
import SignalCore
import Tabular

/// `affect prosody FILE... [--lld DIR] [--format json|csv]`: eGeMAPS v02 functionals (openSMILE
/// names) and Praat-compatible `praat_` measures per file, files processed in parallel.
struct ProsodyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prosody",
        abstract: "eGeMAPS v02 functionals and Praat-compatible voice measures per audio file.",
        discussion: """
            JSON (one object per line per file): {"schema":"affect.prosody.v1","input":…,"parameters":{…},
            "features":{NAME:VALUE,…},"notes":[…]}; undefined features are null with the reason in "notes".
            CSV: a header `input,<feature names>` and one row per file (empty cell = undefined).
            --lld DIR writes <stem>.praat_pitch.csv (time_s,f0_hz; 0 = unvoiced) and <stem>.egemaps_lld.csv
            (time_s = frame centre, then the 25 LLDs).
            """)

    enum Format: String, ExpressibleByArgument { case json, csv }

    @Argument(help: "Audio files (any format libsndfile reads; mixed to mono, analysed at 16 kHz).")
    var files: [String]
    @Option(help: "Directory for frame-level CSVs (pitch track and eGeMAPS LLDs).") var lld: String?
    @Option(help: "Output format: json or csv.") var format: Format = .json

    func run() async throws {
        if let dir = lld {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
                throw CLIError("--lld \(dir): not an existing directory")
            }
        }
        let parameters = ProsodyParameters()
        let progress = ProgressLine(label: "prosody", total: files.count)
        let results = await withTaskGroup(of: (Int, Result<ProsodyResult, CLIError>).self) { group in
            var next = 0
            var out = [Result<ProsodyResult, CLIError>?](repeating: nil, count: files.count)
            let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
            func add(_ i: Int) {
                let path = files[i]
                group.addTask {
                    do {
                        let signal = try AudioFile.readMono(path)
                        return (i, .success(try ProsodyFeatures.extract(signal, parameters: parameters)))
                    } catch {
                        return (i, .failure(CLIError("\(error)")))
                    }
                }
            }
            while next < min(width, files.count) {
                add(next)
                next += 1
            }
            for await (i, r) in group {
                out[i] = r
                progress.advance(URL(fileURLWithPath: files[i]).lastPathComponent)
                if next < files.count {
                    add(next)
                    next += 1
                }
            }
            return out.map { $0! }
        }

        var failures: [String] = []
        if format == .csv { emit((["input"] + ProsodyFeatures.names).map(CSVWriting.escape).joined(separator: ",")) }
        let paramsJSON = try JSONValue(encoding: parameters)
        for (path, result) in zip(files, results) {
            switch result {
            case .failure(let e): failures.append(e.message)
            case .success(let r):
                switch format {
                case .csv:
                    emit(
                        ([path] + r.features.map { CSVWriting.cell($0.value) }).map(CSVWriting.escape).joined(
                            separator: ","))
                case .json:
                    let json: JSONValue = .obj([
                        ("schema", .string("affect.prosody.v1")), ("input", .string(path)),
                        ("parameters", paramsJSON),
                        ("features", .object(r.features.map { ($0.name, .number($0.value)) })),
                        ("notes", .array(r.notes.map { .string($0) })),
                    ])
                    emit(json.rendered(pretty: false))
                }
                if let dir = lld { try writeLLD(r, path: path, dir: dir) }
            }
        }
        for f in failures { log(f) }
        if !failures.isEmpty {
            throw CLIError("\(failures.count) of \(files.count) file(s) could not be analysed (see above)")
        }
    }

    func writeLLD(_ r: ProsodyResult, path: String, dir: String) throws {
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let pitchRows = zip(r.praat.pitch.timeS, r.praat.pitch.f0Hz).map { ["\($0)", "\($1)"] }
        try userFacing {
            try AtomicFile.write(
                CSVWriting.text(header: ["time_s", "f0_hz"], rows: pitchRows),
                to: URL(fileURLWithPath: dir).appendingPathComponent("\(stem).praat_pitch.csv").path)
            let t = r.egemaps.lld
            let rows = t.time.indices.map { i in ["\(t.time[i])"] + t.values.map { CSVWriting.cell($0[i]) } }
            try AtomicFile.write(
                CSVWriting.text(header: ["time_s"] + t.columns, rows: rows),
                to: URL(fileURLWithPath: dir).appendingPathComponent("\(stem).egemaps_lld.csv").path)
        }
    }
}
