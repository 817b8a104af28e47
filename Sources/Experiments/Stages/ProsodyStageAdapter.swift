import Foundation
import Prosody
import SignalCore
import Tabular

/// The prosody stage in runs: the 88 eGeMAPS v02 functionals (Eyben et al. 2016, openSMILE names)
/// of the audio in each window, prefixed `prosody_` (e.g. `prosody_F0semitoneFrom27.5Hz_sma3nz_amean`).
///
/// Parameters (`stages.prosody.parameters`): `egemaps`, the `EGeMAPSParameters` fields with their
/// defaults. A window shorter than one 60 ms voice frame, or with no audio, gets NaN features;
/// unvoiced windows get NaN pitch and voice-quality functionals (as `EGeMAPS.extract` documents).
struct ProsodyStageAdapter: StageAdapter {
    struct Parameters: Codable, Sendable {
        var egemaps = EGeMAPSParameters()
    }

    var name: String { "prosody" }
    var modality: DatasetManifest.Stream.Kind { .audio }
    var version: String { "egemaps-v02-2" }

    func resolveParameters(_ given: JSONValue, source: String, path: String) throws(ExperimentsError) -> JSONValue {
        let r = try ParameterResolver.resolve(
            Parameters.self, defaults: Parameters(), given: given, source: source, path: path)
        do { try r.value.egemaps.validate() } catch {
            throw .invalid(source: source, path: "\(path).egemaps", message: "\(error)")
        }
        return r.json
    }

    func featureNames(parameters: JSONValue) throws -> [String]? { EGeMAPS.functionalNames.map { "prosody_" + $0 } }

    func extract(streams: LoadedStreams, windows: [AnalysisWindow], parameters: JSONValue) throws -> StageFeatures {
        let p = try ParameterResolver.decode(Parameters.self, parameters)
        return try StageFeatures.perAudioWindow(
            streams.audio, windows: windows, names: EGeMAPS.functionalNames.map { "prosody_" + $0 }
        ) { x in try functionals(x, p.egemaps) }
    }

    /// The functionals of one window, or nil when it is shorter than one voice frame.
    func functionals(_ x: Signal, _ p: EGeMAPSParameters) throws -> [Double]? {
        let result: Result<EGeMAPSResult, EGeMAPSError> = Result { () throws(EGeMAPSError) in
            try EGeMAPS.extract(x, parameters: p)
        }
        switch result {
        case .success(let r): return r.functionals.map(\.value)
        case .failure(.tooShort): return nil
        case .failure(let e): throw ExperimentsError.data(message: "prosody: \(e)")
        }
    }
}
