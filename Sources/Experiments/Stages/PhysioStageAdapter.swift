import Foundation
import Physio
import SignalCore
import Tabular

/// The physiology stage in runs: beats from the ECG (or, without ECG, the PPG) of the whole
/// recording (Physio `ECG.process` / `PPG.process`: cleaning, detection, artefact correction),
/// then per window the time-domain HRV indices (`HRVTime.features`, NeuroKit2 names and units)
/// of the NN intervals whose closing beat falls in the window, prefixed `physio_`
/// (e.g. `physio_HRV_MeanNN` in ms). Windows with fewer than 3 intervals get NaN.
///
/// Parameters (`stages.physio.parameters`): `ecg` (`ECGParameters`), `hrv` (`HRVParameters`),
/// `corrected` (use artefact-corrected NN intervals; default true).
struct PhysioStageAdapter: StageAdapter {
    struct Parameters: Codable, Sendable {
        var ecg = ECGParameters()
        var hrv = HRVParameters()
        var corrected = true
    }

    var name: String { "physio" }
    var modality: DatasetManifest.Stream.Kind { .physio }
    var version: String { "physio-hrvtime-1" }

    func resolveParameters(_ given: JSONValue, source: String, path: String) throws(ExperimentsError) -> JSONValue {
        let r = try ParameterResolver.resolve(
            Parameters.self, defaults: Parameters(), given: given, source: source, path: path)
        do { try r.value.hrv.validate() } catch {
            throw .invalid(source: source, path: "\(path).hrv", message: "\(error)")
        }
        return r.json
    }

    /// HRVTime feature names, from a synthetic regular series (names do not depend on values).
    static let featureNames: [String] = {
        guard let rr = try? RRSeries(intervalsMs: [800, 810, 790, 805, 795]), let f = try? HRVTime.features(rr) else {
            return []
        }
        return f.map { "physio_" + $0.name }
    }()

    func extract(streams: LoadedStreams, windows: [AnalysisWindow], parameters: JSONValue) throws -> StageFeatures {
        let p = try ParameterResolver.decode(Parameters.self, parameters)
        let names = Self.featureNames
        let empty = windows.map { _ in names.map { _ in Double.nan } }
        let beats: BeatAnalysis
        if let ecg = streams.physio["ecg"] {
            beats = try ECG.process(ecg, parameters: p.ecg)
        } else if let ppg = streams.physio["ppg"] {
            beats = try PPG.process(ppg)
        } else {
            return StageFeatures(names: names, rows: empty)
        }
        guard let nn = beats.intervals(corrected: p.corrected) else { return StageFeatures(names: names, rows: empty) }
        var rows: [[Double]] = []
        for w in windows {
            let part = nn.slice(from: w.startS, to: w.endS)
            if part.count >= 3, let f = try? HRVTime.features(part, parameters: p.hrv) {
                rows.append(names.map { n in f[feature: String(n.dropFirst("physio_".count))] ?? .nan })
            } else {
                rows.append(names.map { _ in .nan })
            }
        }
        return StageFeatures(names: names, rows: rows)
    }
}
