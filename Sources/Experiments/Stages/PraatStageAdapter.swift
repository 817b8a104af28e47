import Foundation
import Prosody
import SignalCore
import Tabular

/// The Praat-compatible family of the prosody stage in runs: `PraatVoice.analyze` (autocorrelation
/// pitch after Boersma 1993, cc point process, jitter, shimmer, HNR (cc), intensity, Burg formants;
/// Praat manual definitions) on the audio of each window. Columns are the 15 `PraatVoice.featureNames`
/// as they are (already prefixed `praat_`, e.g. `praat_jitter_local` as a fraction,
/// `praat_hnr_cc_db` in dB). A separate stage from `prosody` (eGeMAPS) so that configs choose
/// either family or both, and existing eGeMAPS-only configs keep their resolved form.
///
/// Parameters (`stages.praat.parameters`): `praat`, the `PraatParameters` fields with their
/// defaults (Praat's own defaults). A window with no audio gets NaN features; a window too short
/// for one pitch frame, or unvoiced, gets NaN for the measures that need it (as `PraatVoice`
/// documents).
struct PraatStageAdapter: StageAdapter {
    struct Parameters: Codable, Sendable {
        var praat = PraatParameters()
    }

    var name: String { "praat" }
    var modality: DatasetManifest.Stream.Kind { .audio }
    var version: String { "praat-voice-2" }

    func resolveParameters(_ given: JSONValue, source: String, path: String) throws(ExperimentsError) -> JSONValue {
        let r = try ParameterResolver.resolve(
            Parameters.self, defaults: Parameters(), given: given, source: source, path: path)
        do { _ = try r.value.praat.validated() } catch {
            throw .invalid(source: source, path: "\(path).praat", message: "\(error)")
        }
        return r.json
    }

    func featureNames(parameters: JSONValue) throws -> [String]? { PraatVoice.featureNames }

    func extract(streams: LoadedStreams, windows: [AnalysisWindow], parameters: JSONValue) throws -> StageFeatures {
        let p = try ParameterResolver.decode(Parameters.self, parameters)
        return try StageFeatures.perAudioWindow(streams.audio, windows: windows, names: PraatVoice.featureNames) { x in
            guard x.count > 0 else { return nil }
            let report: PraatVoiceReport
            do { report = try PraatVoice.analyze(x, parameters: p.praat) } catch {
                throw ExperimentsError.data(message: "praat: \(error)")
            }
            return PraatVoice.featureNames.map { report.value($0) ?? .nan }
        }
    }
}
