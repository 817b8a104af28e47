import Calibration
import Foundation

/// The Calibration module's post-hoc calibrators in runs (temperature, Platt, isotonic,
/// histogram binning, beta, Dirichlet, each with the module's default parameters), fitted on the
/// inner calibration split of a fold and applied to its test subject.
struct CalibrationAdapter: CalibratorAdapter {
    func fitApply(method: String, probabilities: [[Double]], labels: [Int], apply: [[Double]]) throws -> [[Double]] {
        guard let m = CalibrationMethod(rawValue: method), let k = probabilities.first?.count ?? apply.first?.count
        else {
            throw ExperimentsError.unavailable(
                what: "calibration.method", message: "'\(method)' is not a calibrator of this build")
        }
        if apply.isEmpty { return [] }
        let fitOn = try Calibration.Predictions(
            probabilities: probabilities.flatMap { $0 }, classCount: k, labels: labels, source: "calibration split",
            validation: .init(sumTolerance: 1e-6, renormalise: false, requireTwoClasses: true))
        let fitted = try FittedCalibrator.fit(m, on: fitOn)
        let out = try fitted.apply(probabilities: apply.flatMap { $0 }, classCount: k)
        return (0..<apply.count).map { Array(out[($0 * k)..<(($0 + 1) * k)]) }
    }
}
