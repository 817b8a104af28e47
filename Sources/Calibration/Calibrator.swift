import Foundation
import Tabular

/// The post-hoc calibrators.
public enum CalibrationMethod: String, Codable, Sendable, CaseIterable {
    case temperature, platt, isotonic, histogram, beta, dirichlet
}

/// Parameters of every calibrator (each method reads its own), validated in `validate()`.
public struct CalibratorParameters: Codable, Sendable, Equatable {
    /// Platt regressor: log-odds (default) or the probability (scikit-learn CalibratedClassifierCV).
    public var plattInput: PlattInput
    /// Platt targets: hard 0/1 (default, maximum likelihood) or Platt's smoothed targets.
    public var plattTargets: PlattTargets
    /// Isotonic outputs are clipped to [clip, 1 − clip]. Default 1e-6; 0 = no clip (scikit-learn).
    public var isotonicClip: Double
    /// Histogram-binning bins. Default 15.
    public var histogramBins: Int
    /// Histogram-binning bin edges. Default right-closed.
    public var histogramEdges: BinEdgeConvention
    /// Dirichlet L2 strength λ on W (objective Σ NLL + λ/2 ‖W‖², scikit-learn C = 1/λ). Default 0.
    public var dirichletL2: Double

    public init(
        plattInput: PlattInput = .logOdds, plattTargets: PlattTargets = .hard, isotonicClip: Double = 1e-6,
        histogramBins: Int = 15, histogramEdges: BinEdgeConvention = .rightClosed, dirichletL2: Double = 0
    ) {
        self.plattInput = plattInput
        self.plattTargets = plattTargets
        self.isotonicClip = isotonicClip
        self.histogramBins = histogramBins
        self.histogramEdges = histogramEdges
        self.dirichletL2 = dirichletL2
    }

    public func validate() throws(CalibrationError) {
        guard isotonicClip >= 0, isotonicClip < 0.5 else {
            throw .parameter(name: "isotonicClip", value: "\(isotonicClip)", expected: "a value in [0, 0.5)")
        }
        guard histogramBins >= 1 else {
            throw .parameter(name: "histogramBins", value: "\(histogramBins)", expected: "at least 1")
        }
        guard dirichletL2 >= 0, dirichletL2.isFinite else {
            throw .parameter(name: "dirichletL2", value: "\(dirichletL2)", expected: "a finite value >= 0")
        }
    }

    /// The parameters that matter for `method`, as an ordered JSON object.
    public func json(for method: CalibrationMethod) -> JSONValue {
        switch method {
        case .temperature: return .obj([("objective", .string("NLL over beta = 1/T, Newton"))])
        case .platt:
            return .obj([("input", .string(plattInput.rawValue)), ("targets", .string(plattTargets.rawValue))])
        case .isotonic: return .obj([("clip", .number(isotonicClip))])
        case .histogram:
            return .obj([("bins", .integer(histogramBins)), ("edges", .string(histogramEdges.rawValue))])
        case .beta: return .obj([("model", .string("abm, unconstrained"))])
        case .dirichlet: return .obj([("l2", .number(dirichletL2))])
        }
    }
}

/// A fitted calibrator: learned state only, `Codable` (the JSON holds `"method"` plus the
/// method's fields, e.g. `"temperature"` = T), applied to new predictions with `apply`.
public enum FittedCalibrator: Sendable, Equatable, Codable {
    case temperature(TemperatureScaling)
    case platt(PlattScaling)
    case isotonic(IsotonicCalibration)
    case histogram(HistogramBinning)
    case beta(BetaCalibration)
    case dirichlet(DirichletCalibration)

    public var method: CalibrationMethod {
        switch self {
        case .temperature: return .temperature
        case .platt: return .platt
        case .isotonic: return .isotonic
        case .histogram: return .histogram
        case .beta: return .beta
        case .dirichlet: return .dirichlet
        }
    }

    public var classCount: Int {
        switch self {
        case .temperature(let m): return m.classCount
        case .platt(let m): return m.classCount
        case .isotonic(let m): return m.classCount
        case .histogram(let m): return m.classCount
        case .beta(let m): return m.classCount
        case .dirichlet(let m): return m.classCount
        }
    }

    /// Fits `method` on the calibration predictions.
    public static func fit(
        _ method: CalibrationMethod, on p: Predictions, parameters: CalibratorParameters = CalibratorParameters()
    ) throws(CalibrationError) -> FittedCalibrator {
        try parameters.validate()
        switch method {
        case .temperature: return .temperature(try TemperatureScaling.fit(p))
        case .platt:
            return .platt(try PlattScaling.fit(p, input: parameters.plattInput, targets: parameters.plattTargets))
        case .isotonic: return .isotonic(try IsotonicCalibration.fit(p, clip: parameters.isotonicClip))
        case .histogram:
            return .histogram(
                try HistogramBinning.fit(p, bins: parameters.histogramBins, edges: parameters.histogramEdges))
        case .beta: return .beta(try BetaCalibration.fit(p))
        case .dirichlet: return .dirichlet(try DirichletCalibration.fit(p, l2: parameters.dirichletL2))
        }
    }

    /// Calibrated n × K probabilities (row-major).
    public func apply(probabilities: [Double], classCount k: Int) throws(CalibrationError) -> [Double] {
        guard k == classCount else {
            throw .model(detail: "fitted on \(classCount) classes, applied to \(k)")
        }
        guard probabilities.count % k == 0 else { throw .shape(detail: "\(probabilities.count) values for K = \(k)") }
        switch self {
        case .temperature(let m): return m.apply(probabilities: probabilities, classCount: k)
        case .platt(let m): return m.apply(probabilities: probabilities, classCount: k)
        case .isotonic(let m): return m.apply(probabilities: probabilities, classCount: k)
        case .histogram(let m): return m.apply(probabilities: probabilities, classCount: k)
        case .beta(let m): return m.apply(probabilities: probabilities, classCount: k)
        case .dirichlet(let m): return m.apply(probabilities: probabilities, classCount: k)
        }
    }

    /// Calibrated predictions (same labels and groups).
    public func apply(_ p: Predictions) throws(CalibrationError) -> Predictions {
        let out = try apply(probabilities: p.probabilities, classCount: p.classCount)
        return Predictions(
            unchecked: out, classCount: p.classCount, labels: p.labels, groups: p.groups, source: p.source,
            singlePositiveColumn: p.singlePositiveColumn)
    }

    enum MethodKey: String, CodingKey { case method }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: MethodKey.self)
        switch try c.decode(CalibrationMethod.self, forKey: .method) {
        case .temperature: self = .temperature(try TemperatureScaling(from: decoder))
        case .platt: self = .platt(try PlattScaling(from: decoder))
        case .isotonic: self = .isotonic(try IsotonicCalibration(from: decoder))
        case .histogram: self = .histogram(try HistogramBinning(from: decoder))
        case .beta: self = .beta(try BetaCalibration(from: decoder))
        case .dirichlet: self = .dirichlet(try DirichletCalibration(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: MethodKey.self)
        try c.encode(method, forKey: .method)
        switch self {
        case .temperature(let m): try m.encode(to: encoder)
        case .platt(let m): try m.encode(to: encoder)
        case .isotonic(let m): try m.encode(to: encoder)
        case .histogram(let m): try m.encode(to: encoder)
        case .beta(let m): try m.encode(to: encoder)
        case .dirichlet(let m): try m.encode(to: encoder)
        }
    }

    /// The model file: {"schema": "affect.calibrator.v1", "input": …, "parameters": …, "method": …,
    /// then the fitted fields in sorted key order}. Deterministic; numbers round-trip exactly.
    public func document(input: JSONValue, parameters: CalibratorParameters) -> JSONValue {
        let fields: [(String, JSONValue)]
        switch self {
        case .temperature(let m): fields = m.fields
        case .platt(let m): fields = m.fields
        case .isotonic(let m): fields = m.fields
        case .histogram(let m): fields = m.fields
        case .beta(let m): fields = m.fields
        case .dirichlet(let m): fields = m.fields
        }
        return .object(
            [
                ("schema", .string("affect.calibrator.v1")), ("input", input),
                ("parameters", parameters.json(for: method)), ("method", .string(method.rawValue)),
            ] + fields)
    }

    /// Reads a model file written by `document` (extra keys are ignored).
    public static func decode(json text: String) throws(CalibrationError) -> FittedCalibrator {
        do { return try JSONDecoder().decode(FittedCalibrator.self, from: Data(text.utf8)) } catch {
            throw .model(detail: "not a calibrator model (\(error))")
        }
    }
}
