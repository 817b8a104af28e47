import Foundation
import SignalCore
import Tabular

/// One feature stage as the runner sees it. Each stage module gets one adapter file
/// (`Stages/<Name>StageAdapter.swift`) that maps config parameters onto the stage's own
/// `Codable` parameters and calls the stage's pure API on the window's samples.
public protocol StageAdapter: Sendable {
    /// Config key under `stages:` (e.g. `prosody`); also the feature-name prefix owner.
    var name: String { get }
    /// The stream the stage reads.
    var modality: DatasetManifest.Stream.Kind { get }
    /// Version of the stage's outputs; part of the feature-cache key (bump when features change).
    var version: String { get }
    /// Validates `given` against the stage's parameters (unknown keys, types, ranges) and returns
    /// the full parameters with defaults filled in, as JSON.
    func resolveParameters(_ given: JSONValue, source: String, path: String) throws(ExperimentsError) -> JSONValue
    /// Features for each window of one recording: `names` (prefixed, e.g. `prosody_…`) and one row
    /// per window (NaN where a value is undefined). Called only when the modality's stream exists;
    /// windows where it is unavailable still get a row (the runner masks it).
    func extract(streams: LoadedStreams, windows: [AnalysisWindow], parameters: JSONValue) throws -> StageFeatures
    /// The column names `extract` returns with these (resolved) parameters, without reading any
    /// data, so a config naming a column can be checked before work starts; nil when unknown
    /// (the default).
    func featureNames(parameters: JSONValue) throws -> [String]?
}

extension StageAdapter {
    public func featureNames(parameters: JSONValue) throws -> [String]? { nil }
}

/// Output of one stage on one recording.
public struct StageFeatures: Sendable, Equatable {
    public var names: [String]
    public var rows: [[Double]]
    public init(names: [String], rows: [[Double]]) {
        self.names = names
        self.rows = rows
    }

    /// Features of the audio in each window: `compute` gets the window's slice of `audio` and
    /// returns its row, or nil for a row of NaN (e.g. too short); without audio every row is NaN.
    static func perAudioWindow(
        _ audio: Signal?, windows: [AnalysisWindow], names: [String], _ compute: (Signal) throws -> [Double]?
    ) rethrows -> StageFeatures {
        let missing = names.map { _ in Double.nan }
        guard let audio else { return StageFeatures(names: names, rows: windows.map { _ in missing }) }
        var rows: [[Double]] = []
        for w in windows { rows.append(try compute(audio.slice(from: w.startS, to: w.endS)) ?? missing) }
        return StageFeatures(names: names, rows: rows)
    }
}

/// The training data a model adapter sees: rows = windows, columns = features (NaN = missing),
/// each column's modality, and per row which modalities were available.
public struct FeatureMatrix: Sendable {
    public var names: [String]
    public var modality: [DatasetManifest.Stream.Kind]
    public var rows: [[Double]]
    public var available: [[DatasetManifest.Stream.Kind: Bool]]
    /// Subject of each row (for subject-wise inner splits).
    public var subjects: [String]

    public init(
        names: [String], modality: [DatasetManifest.Stream.Kind], rows: [[Double]],
        available: [[DatasetManifest.Stream.Kind: Bool]], subjects: [String]
    ) {
        self.subjects = subjects
        self.names = names
        self.modality = modality
        self.rows = rows
        self.available = available
    }

    /// The rows at `indices`.
    public func subset(_ indices: [Int]) -> FeatureMatrix {
        FeatureMatrix(
            names: names, modality: modality, rows: indices.map { rows[$0] }, available: indices.map { available[$0] },
            subjects: indices.map { subjects[$0] })
    }

    /// The matrix without the columns of `kind`, and with that modality marked unavailable.
    public func dropping(_ kind: DatasetManifest.Stream.Kind) -> FeatureMatrix {
        let keep = modality.indices.filter { modality[$0] != kind }
        return FeatureMatrix(
            names: keep.map { names[$0] }, modality: keep.map { modality[$0] },
            rows: rows.map { r in keep.map { r[$0] } },
            available: available.map {
                var a = $0
                a[kind] = false
                return a
            }, subjects: subjects)
    }
}

/// A fusion model as the runner sees it (the Fusion module's models behind one adapter file).
public protocol ModelAdapter: Sendable {
    /// Config value of `fusion.model`.
    var name: String { get }
    /// Validates hyper-parameters and returns them with defaults filled in.
    func resolveHyperparameters(_ given: JSONValue, mode: ExperimentConfig.Fusion.Mode, source: String, path: String)
        throws(ExperimentsError) -> JSONValue
    /// Fits on `train` (labels are class indices 0..<classCount) and returns class probabilities
    /// (rows sum to 1) for each matrix in `predict`. Standardisation and imputation are fitted on
    /// `train` only.
    func fitPredict(
        train: FeatureMatrix, labels: [Int], classCount: Int, predict: [FeatureMatrix],
        fusion: ExperimentConfig.Fusion, seed: UInt64
    ) throws -> [[[Double]]]
}

/// Post-hoc calibration as the runner sees it (the Calibration module behind one adapter file).
public protocol CalibratorAdapter: Sendable {
    /// Fits `method` on (probabilities, labels) of the calibration split and returns calibrated
    /// probabilities for `apply`.
    func fitApply(method: String, probabilities: [[Double]], labels: [Int], apply: [[Double]]) throws -> [[Double]]
}

/// Everything a run can call: stage adapters, models, the calibrator. `standard` lists what this
/// build contains; tests build their own.
public struct Registry: Sendable {
    public var stages: [any StageAdapter]
    public var models: [any ModelAdapter]
    public var calibrator: (any CalibratorAdapter)?
    /// Names of stages the design has but this build does not (for a helpful error).
    public var pendingStages: [String]
    public var pendingModels: [String]
    /// Writes a synthetic corpus from a generator config into a directory and returns the path
    /// of its dataset manifest (the synthetic-corpus generator's API), or nil when not in the build.
    public var synthesize: (@Sendable (_ configPath: String, _ outputDirectory: String) throws -> String)?

    public init(
        stages: [any StageAdapter], models: [any ModelAdapter], calibrator: (any CalibratorAdapter)?,
        pendingStages: [String] = [], pendingModels: [String] = [],
        synthesize: (@Sendable (_ configPath: String, _ outputDirectory: String) throws -> String)? = nil
    ) {
        self.stages = stages
        self.models = models
        self.calibrator = calibrator
        self.pendingStages = pendingStages
        self.pendingModels = pendingModels
        self.synthesize = synthesize
    }
}

/// Validates a stage's or model's JSON parameters against a `Codable` parameters type: unknown
/// keys are rejected with a suggestion, given values override the defaults, and the result is
/// decoded (type errors name the key) and re-encoded with every field.
public enum ParameterResolver {
    public static func resolve<P: Codable>(_ type: P.Type, defaults: P, given: JSONValue, source: String, path: String)
        throws(ExperimentsError) -> (value: P, json: JSONValue)
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let defaultJSON: JSONValue
        do {
            let data = try encoder.encode(defaults)
            defaultJSON = try ConfigValue.parse(yaml: String(decoding: data, as: UTF8.self), source: path).json()
        } catch {
            throw .invalid(source: source, path: path, message: "default parameters cannot be encoded (\(error))")
        }
        guard case .object(let defaultPairs) = defaultJSON else {
            throw .invalid(source: source, path: path, message: "parameters must be a mapping")
        }
        guard case .object(let givenPairs) = given else {
            throw .invalid(source: source, path: path, message: "expected a mapping of parameter → value")
        }
        let merged = try merge(defaults: defaultPairs, given: givenPairs, source: source, path: path)
        let text = merged.rendered(pretty: false)
        let value: P
        do { value = try JSONDecoder().decode(P.self, from: Data(text.utf8)) } catch let DecodingError.typeMismatch(
            _, ctx)
        {
            let key = ctx.codingPath.map(\.stringValue).joined(separator: ".")
            throw .invalid(source: source, path: "\(path).\(key)", message: "wrong type; \(ctx.debugDescription)")
        } catch let DecodingError.dataCorrupted(ctx) {
            let key = ctx.codingPath.map(\.stringValue).joined(separator: ".")
            throw .invalid(source: source, path: "\(path).\(key)", message: "invalid value; \(ctx.debugDescription)")
        } catch {
            throw .invalid(source: source, path: path, message: "invalid parameters (\(error))")
        }
        do {
            let data = try encoder.encode(value)
            return (
                value,
                try ConfigValue.parse(yaml: String(decoding: data, as: UTF8.self), source: path).json().sortedKeys()
            )
        } catch { throw .invalid(source: source, path: path, message: "parameters cannot be encoded (\(error))") }
    }

    /// Given values over defaults, recursively for nested objects; a key the defaults do not have
    /// is an error with a suggestion.
    static func merge(defaults: [(String, JSONValue)], given: [(String, JSONValue)], source: String, path: String)
        throws(ExperimentsError) -> JSONValue
    {
        var merged = defaults
        for (k, v) in given {
            guard let i = merged.firstIndex(where: { $0.0 == k }) else {
                throw .invalid(
                    source: source, path: "\(path).\(k)",
                    message: "unknown parameter; " + Suggest.hint(k, in: defaults.map(\.0)))
            }
            if case .object(let d) = merged[i].1, case .object(let g) = v {
                merged[i].1 = try merge(defaults: d, given: g, source: source, path: "\(path).\(k)")
            } else {
                merged[i].1 = v
            }
        }
        return .object(merged)
    }

    /// Decodes resolved parameters (from `resolve`) into the stage's parameters type.
    public static func decode<P: Decodable>(_ type: P.Type, _ json: JSONValue) throws -> P {
        try JSONDecoder().decode(P.self, from: Data(json.rendered(pretty: false).utf8))
    }
}
