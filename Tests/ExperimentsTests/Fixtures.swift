import AffectTestSupport
import AudioIO
import ContentHash
import Experiments
import Foundation
import SignalCore
import Tabular

/// A small multistream dataset written to a temporary directory: `subjects` subjects with one
/// recording each (audio 8 kHz + physio CSV at 50 Hz), two classes in alternating 10 s
/// segments, a condition `noise` (clean/noisy) and a group `g` (A/B). The audio amplitude
/// depends on the class, so a real feature (RMS) carries the label.
enum Fixture {
    static func dataset(subjects: Int = 4, seconds: Double = 40, physio: Bool = true, extraManifest: String = "") throws
        -> (dir: URL, manifest: String)
    {
        let dir = TestPaths.temporaryDirectory("affect-exp")
        var recs = ""
        var files = ""
        for s in 0..<subjects {
            let id = "s\(s)_r1"
            try FileManager.default.createDirectory(
                at: dir.appendingPathComponent(id), withIntermediateDirectories: true)
            let rate = 8000.0
            var g = SeededRandom(seed: UInt64(100 + s))
            let n = Int(seconds * rate)
            var audio = [Double](repeating: 0, count: n)
            var segs = ""
            var t = 0.0
            var k = 0
            while t < seconds {
                let label = k % 2 == 0 ? "calm" : "excited"
                let amp = label == "calm" ? 0.1 : 0.3
                let a = Int(t * rate)
                let b = min(n, Int((t + 10) * rate))
                for i in a..<b {
                    audio[i] = amp * sin(2 * Double.pi * 220 * Double(i) / rate) + 0.05 * g.normal()
                }
                segs +=
                    "      - {start_s: \(t), end_s: \(min(seconds, t + 10)), label: \(label), arousal: \(label == "calm" ? 0.2 : 0.8)}\n"
                t += 10
                k += 1
            }
            let wav = dir.appendingPathComponent("\(id)/audio.wav").path
            try AudioFile.write(channels: [audio], sampleRate: Int(rate), to: wav, format: .wav16)
            files += "  - {path: \(id)/audio.wav, sha256: \(try SHA256.hex(ofFileAt: wav))}\n"
            var streams = "      audio: {file: \(id)/audio.wav, offset_s: 0.0}\n"
            if physio {
                var csv = "ecg_col,eda_col\n"
                for i in 0..<Int(seconds * 50) {
                    csv += "\(sin(Double(i) * 0.3) + 0.01 * g.normal()),\(1 + 0.001 * Double(i))\n"
                }
                let p = dir.appendingPathComponent("\(id)/physio.csv").path
                try csv.write(toFile: p, atomically: true, encoding: .utf8)
                files += "  - {path: \(id)/physio.csv, sha256: \(try SHA256.hex(ofFileAt: p))}\n"
                streams +=
                    "      physio: {file: \(id)/physio.csv, format: csv, rate_hz: 50, offset_s: 0.5, columns: {ecg: ecg_col, eda: eda_col}}\n"
            }
            recs += "  - id: \(id)\n    subject: s\(s)\n    session: 1\n"
            recs += "    groups: {g: \(s % 2 == 0 ? "A" : "B")}\n"
            recs += "    conditions: {noise: \(s < subjects / 2 ? "clean" : "noisy")}\n"
            recs += "    streams:\n" + streams + "    segments:\n" + segs
        }
        let manifest =
            "schema: affect.dataset.v1\nname: fixture\ndescription: test fixture\n"
            + "provenance: synthetic test fixture (Tests/ExperimentsTests/Fixtures.swift)\nlicence: CC0-1.0\n"
            + "consent: \"synthetic data: no human participants\"\nlabel_set: [calm, excited]\n" + extraManifest
            + "recordings:\n" + recs + "files:\n" + files
        let path = dir.appendingPathComponent("manifest.yaml").path
        try manifest.write(toFile: path, atomically: true, encoding: .utf8)
        return (dir, path)
    }

    static func config(manifest: String, extra: String = "") -> String {
        """
        schema: affect.experiment.v1
        name: fixture-run
        purpose: Test the runner on a fixture dataset.
        intended_use: Software testing of the experiment runner only.
        dataset:
          manifest: \(manifest)
        windowing: {mode: fixed, length_s: 5, hop_s: 5}
        stages:
          test_rms: {}
          test_physio: {}
        fusion: {mode: early, model: test_centroid}
        evaluation:
          bootstrap: 50
          conditions: [noise]
          groups: [g]
        \(extra)
        """
    }

    static func writeConfig(_ text: String, in dir: URL, name: String = "config.yaml") throws -> String {
        let p = dir.appendingPathComponent(name).path
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    static var registry: Registry {
        Registry(stages: [TestRMSStage(), TestPhysioStage()], models: [TestCentroidModel()], calibrator: nil)
    }
}

/// Test stage: RMS and mean absolute value of the audio in each window (real features).
struct TestRMSStage: StageAdapter {
    struct Parameters: Codable, Sendable { var scale: Double = 1 }
    var name: String { "test_rms" }
    var modality: DatasetManifest.Stream.Kind { .audio }
    var version: String { "1" }
    func resolveParameters(_ given: JSONValue, source: String, path: String) throws(ExperimentsError) -> JSONValue {
        let r = try ParameterResolver.resolve(
            Parameters.self, defaults: Parameters(), given: given, source: source, path: path)
        guard r.value.scale > 0 else { throw .invalid(source: source, path: "\(path).scale", message: "expected > 0") }
        return r.json
    }
    func extract(streams: LoadedStreams, windows: [AnalysisWindow], parameters: JSONValue) throws -> StageFeatures {
        guard let a = streams.audio else { return StageFeatures(names: [], rows: windows.map { _ in [] }) }
        let rows = windows.map { w -> [Double] in
            let x = a.slice(from: w.startS, to: w.endS).samples
            guard !x.isEmpty else { return [.nan, .nan] }
            return [
                (x.reduce(0) { $0 + $1 * $1 } / Double(x.count)).squareRoot(),
                x.reduce(0) { $0 + abs($1) } / Double(x.count),
            ]
        }
        return StageFeatures(names: ["test_audio_rms", "test_audio_meanabs"], rows: rows)
    }
}

/// Test stage: mean of each physio signal per window.
struct TestPhysioStage: StageAdapter {
    struct Parameters: Codable, Sendable {}
    var name: String { "test_physio" }
    var modality: DatasetManifest.Stream.Kind { .physio }
    var version: String { "1" }
    func resolveParameters(_ given: JSONValue, source: String, path: String) throws(ExperimentsError) -> JSONValue {
        try ParameterResolver.resolve(Parameters.self, defaults: Parameters(), given: given, source: source, path: path)
            .json
    }
    func extract(streams: LoadedStreams, windows: [AnalysisWindow], parameters: JSONValue) throws -> StageFeatures {
        let names = streams.physio.keys.sorted()
        let rows = windows.map { w in
            names.map { n -> Double in
                let x = streams.physio[n]!.slice(from: w.startS, to: w.endS).samples
                return x.isEmpty ? .nan : Stats.mean(x)
            }
        }
        return StageFeatures(names: names.map { "test_\($0)_mean" }, rows: rows)
    }
}

/// Test model: nearest class centroid on standardised, mean-imputed features; probabilities =
/// softmax of negative squared distances.
struct TestCentroidModel: ModelAdapter {
    var name: String { "test_centroid" }
    func resolveHyperparameters(_ given: JSONValue, mode: ExperimentConfig.Fusion.Mode, source: String, path: String)
        throws(ExperimentsError) -> JSONValue
    {
        struct H: Codable { var temperature: Double = 1 }
        return try ParameterResolver.resolve(H.self, defaults: H(), given: given, source: source, path: path).json
    }
    func fitPredict(
        train: FeatureMatrix, labels: [Int], classCount: Int, predict: [FeatureMatrix],
        fusion: ExperimentConfig.Fusion, seed: UInt64
    ) throws -> [[[Double]]] {
        let d = train.names.count
        var mean = [Double](repeating: 0, count: d)
        var sd = [Double](repeating: 1, count: d)
        for j in 0..<d {
            let col = train.rows.map { $0[j] }.filter(\.isFinite)
            mean[j] = col.isEmpty ? 0 : Stats.mean(col)
            let s = col.count > 1 ? Stats.sd(col) : 0
            sd[j] = s > 0 ? s : 1
        }
        func z(_ r: [Double]) -> [Double] { (0..<d).map { r[$0].isFinite ? (r[$0] - mean[$0]) / sd[$0] : 0 } }
        var cent = [[Double]](repeating: [Double](repeating: 0, count: d), count: classCount)
        var cnt = [Double](repeating: 0, count: classCount)
        for (r, y) in zip(train.rows, labels) {
            let v = z(r)
            for j in 0..<d { cent[y][j] += v[j] }
            cnt[y] += 1
        }
        for c in 0..<classCount where cnt[c] > 0 { cent[c] = cent[c].map { $0 / cnt[c] } }
        return predict.map { m in
            m.rows.map { r in
                let v = z(r)
                let s = (0..<classCount).map { c in
                    cnt[c] > 0 ? -zip(v, cent[c]).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } : -Double.infinity
                }
                let mx = s.max()!
                let e = s.map { exp($0 - mx) }
                let t = e.reduce(0, +)
                return e.map { $0 / t }
            }
        }
    }
}
