import Foundation
import Physio
import SignalCore
import Tabular

/// The physiology stage in runs: the Physio module's `PhysioRecording.analyse` runs once per
/// recording on the signals present (ECG and PPG: cleaning, beat detection, artefact correction;
/// EDA: tonic/phasic decomposition and SCRs; RSP: breaths), then `features(window:)` gives per
/// window the ECG/PPG rate, quality and artefact counts with every HRV/PRV index (time, frequency
/// and nonlinear domain, NeuroKit2 names and units), the EDA features (`SCR_*`, `EDA_*`) and the
/// respiration features (`RSP_*`, `RRV_*`), each prefixed `physio_` (e.g. `physio_HRV_MeanNN` in
/// ms, `physio_SCR_Peaks_N`). Every window has the same columns: a modality that is absent from
/// the recording, or a feature that is undefined in the window (too few beats or breaths), is NaN.
///
/// Parameters (`stages.physio.parameters`): `ecg` (`ECGParameters`), `ppg` (`PPG.Parameters`),
/// `eda` (`EDA.Parameters`), `rsp` (`RSP.Parameters`), `hrv` (`HRVParameters`), `corrected` (use
/// artefact-corrected NN intervals; default true).
struct PhysioStageAdapter: StageAdapter {
    struct Parameters: Codable, Sendable {
        var ecg = ECGParameters()
        var ppg = PPG.Parameters()
        var eda = EDA.Parameters()
        var rsp = RSP.Parameters()
        var hrv = HRVParameters()
        var corrected = true

        var physio: PhysioParameters {
            var q = PhysioParameters()
            q.ecg = ecg
            q.ppg = ppg
            q.eda = eda
            q.rsp = rsp
            q.hrv = hrv
            q.correctArtefacts = corrected
            return q
        }
    }

    var name: String { "physio" }
    var modality: DatasetManifest.Stream.Kind { .physio }
    var version: String { "physio-recording-1" }

    func resolveParameters(_ given: JSONValue, source: String, path: String) throws(ExperimentsError) -> JSONValue {
        let r = try ParameterResolver.resolve(
            Parameters.self, defaults: Parameters(), given: given, source: source, path: path)
        do { try r.value.hrv.validate() } catch {
            throw .invalid(source: source, path: "\(path).hrv", message: "\(error)")
        }
        return r.json
    }

    /// The column names, in `PhysioRecording.features` order (ECG, PPG, EDA, RSP), read from the
    /// features of an empty window of a recording with every modality (names do not depend on
    /// values): analyses of 60 s synthetic PPG (also standing in for the ECG), EDA and RSP signals.
    static func featureNames(_ p: PhysioParameters) throws -> [String] {
        let rate = 50.0
        let t = (0..<3000).map { Double($0) / rate }
        let eda = try Signal(samples: t.map { 2 + 0.05 * $0 + 0.3 * sin(2 * .pi * $0 / 20) }, sampleRate: rate)
        let rsp = try Signal(samples: t.map { sin(2 * .pi * 0.25 * $0) }, sampleRate: rate)
        let ppg = try Signal(samples: t.map { pow(max(0, sin(2 * .pi * 1.2 * $0)), 2) }, sampleRate: rate)
        var r = try PhysioRecording.analyse(ppg: ppg, eda: eda, rsp: rsp, parameters: p)
        r.ecg = r.ppg
        return r.features(window: 0...0, parameters: p).map { "physio_" + $0.name }
    }

    func featureNames(parameters: JSONValue) throws -> [String]? {
        try Self.featureNames(try ParameterResolver.decode(Parameters.self, parameters).physio)
    }

    func extract(streams: LoadedStreams, windows: [AnalysisWindow], parameters: JSONValue) throws -> StageFeatures {
        let p = try ParameterResolver.decode(Parameters.self, parameters).physio
        let names = try Self.featureNames(p)
        let s = streams.physio
        let recording = try PhysioRecording.analyse(
            ecg: s["ecg"], ppg: s["ppg"], eda: s["eda"], rsp: s["rsp"], parameters: p)
        var rows: [[Double]] = []
        rows.reserveCapacity(windows.count)
        for w in windows {
            var value: [String: Double] = [:]
            for f in recording.features(window: w.startS...w.endS, parameters: p) {
                value["physio_" + f.name] = f.value
            }
            rows.append(names.map { value[$0] ?? .nan })
        }
        return StageFeatures(names: names, rows: rows)
    }
}
