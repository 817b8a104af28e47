import FacialAU
import Foundation
import Tabular

/// The face stage in runs: geometric AU estimates from the landmark stream (FacialAU), analysed
/// once per recording, then per window the `FaceAnalysis.functionals` (per AU mean/max/percent
/// active/onsets with OpenFace AU names, blinks, head pose, valid fraction), prefixed `face_`
/// (e.g. `face_AU12_r_mean`). Windows are on the recording timeline; the stream's `offset_s` is
/// subtracted to query the landmark file's own timestamps.
///
/// Parameters (`stages.face.parameters`): `analysis` (`FaceParameters`), `reading`
/// (`LandmarkReadOptions`).
struct FaceStageAdapter: StageAdapter {
    struct Parameters: Codable, Sendable {
        var analysis = FaceParameters()
        var reading = LandmarkReadOptions()
    }

    var name: String { "face" }
    var modality: DatasetManifest.Stream.Kind { .face }
    var version: String { "facialau-1" }

    func resolveParameters(_ given: JSONValue, source: String, path: String) throws(ExperimentsError) -> JSONValue {
        let r = try ParameterResolver.resolve(
            Parameters.self, defaults: Parameters(), given: given, source: source, path: path)
        do {
            _ = try FaceAnalyzer(parameters: r.value.analysis)
            _ = try r.value.reading.validated()
        } catch { throw .invalid(source: source, path: path, message: "\(error)") }
        return r.json
    }

    func featureNames(parameters: JSONValue) throws -> [String]? { FaceAnalysis.functionalNames.map { "face_" + $0 } }

    func extract(streams: LoadedStreams, windows: [AnalysisWindow], parameters: JSONValue) throws -> StageFeatures {
        let p = try ParameterResolver.decode(Parameters.self, parameters)
        let names = FaceAnalysis.functionalNames.map { "face_" + $0 }
        guard let table = streams.face else {
            return StageFeatures(names: names, rows: windows.map { _ in names.map { _ in .nan } })
        }
        let stream = try LandmarkReader.stream(from: table, layout: nil, options: p.reading)
        let analysis = try FaceAnalyzer(parameters: p.analysis).analyse(stream)
        let rows = windows.map { w in
            analysis.functionals(start: w.startS - streams.faceOffset, end: w.endS - streams.faceOffset).map(\.value)
        }
        return StageFeatures(names: names, rows: rows)
    }
}
