import Foundation
import Tabular

/// Isotonic calibration (Zadrozny & Elkan 2002) as scikit-learn `IsotonicRegression(
/// out_of_bounds="clip")`: a non-decreasing step fit by pool adjacent violators, predicted by
/// linear interpolation between the kept thresholds and held constant outside them.
///
/// Fit: scores sorted (ties by label), duplicate scores merged into their mean outcome (weighted),
/// PAV, then only the thresholds where the fitted value changes are kept (scikit-learn keeps the
/// first and last point of each flat run). Apply: interpolate, then clip to [clip, 1 − clip]
/// (stated in the model; 0 reproduces scikit-learn, which can output exact 0 and 1 and so an
/// infinite NLL). Binary input: fitted on class 1, p'_0 = 1 − p'_1; K > 2: one-vs-rest, then
/// rows divided by their sum (a zero row becomes uniform, as scikit-learn).
public struct IsotonicCalibration: Codable, Sendable, Equatable {
    public struct Steps: Codable, Sendable, Equatable {
        /// Increasing scores.
        public let x: [Double]
        /// Non-decreasing fitted frequencies at those scores.
        public let y: [Double]
    }
    public let classCount: Int
    public let clip: Double
    public let steps: [Steps]

    enum CodingKeys: String, CodingKey {
        case clip, steps
        case classCount = "class_count"
    }

    /// The model fields in file order.
    public var fields: [(String, JSONValue)] {
        [
            ("class_count", .integer(classCount)), ("clip", .number(clip)),
            ("steps", .array(steps.map { .obj([("x", .numbers($0.x)), ("y", .numbers($0.y))]) })),
        ]
    }

    public static func fit(_ p: Predictions, clip: Double) throws(CalibrationError) -> IsotonicCalibration {
        guard clip >= 0, clip < 0.5 else {
            throw .parameter(name: "isotonic clip", value: "\(clip)", expected: "a value in [0, 0.5)")
        }
        let k = p.classCount
        var out: [Steps] = []
        for c in (k == 2 ? [1] : Array(0..<k)) {
            out.append(pav(scores: p.column(c), outcomes: p.labels.map { $0 == c ? 1.0 : 0.0 }))
        }
        return IsotonicCalibration(classCount: k, clip: clip, steps: out)
    }

    static func pav(scores: [Double], outcomes: [Double]) -> Steps {
        let order = scores.indices.sorted {
            scores[$0] < scores[$1] || (scores[$0] == scores[$1] && outcomes[$0] < outcomes[$1])
        }
        // Merge duplicate x (weighted mean of y).
        var ux: [Double] = []
        var uy: [Double] = []
        var uw: [Double] = []
        var r = 0
        while r < order.count {
            let x = scores[order[r]]
            var s = 0.0
            var w = 0.0
            while r < order.count && scores[order[r]] == x {
                s += outcomes[order[r]]
                w += 1
                r += 1
            }
            ux.append(x)
            uy.append(s / w)
            uw.append(w)
        }
        // Pool adjacent violators (blocks of value, weight, length).
        var value: [Double] = []
        var weight: [Double] = []
        var length: [Int] = []
        for i in ux.indices {
            value.append(uy[i])
            weight.append(uw[i])
            length.append(1)
            while value.count > 1 && value[value.count - 2] >= value[value.count - 1] {
                let v2 = value.removeLast()
                let w2 = weight.removeLast()
                let l2 = length.removeLast()
                let v1 = value.removeLast()
                let w1 = weight.removeLast()
                let l1 = length.removeLast()
                value.append((v1 * w1 + v2 * w2) / (w1 + w2))
                weight.append(w1 + w2)
                length.append(l1 + l2)
            }
        }
        var fitted: [Double] = []
        for b in value.indices { fitted.append(contentsOf: repeatElement(value[b], count: length[b])) }
        // Keep only the ends of flat runs.
        var kx: [Double] = []
        var ky: [Double] = []
        for i in fitted.indices {
            let interior = i > 0 && i < fitted.count - 1
            if !interior || fitted[i - 1] != fitted[i] || fitted[i] != fitted[i + 1] {
                kx.append(ux[i])
                ky.append(fitted[i])
            }
        }
        return Steps(x: kx, y: ky)
    }

    /// numpy `interp` with the ends held constant.
    static func predict(_ v: Double, _ s: Steps) -> Double {
        let x = s.x
        if v <= x[0] { return s.y[0] }
        if v >= x[x.count - 1] { return s.y[x.count - 1] }
        var lo = 0
        var hi = x.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if x[mid] <= v { lo = mid } else { hi = mid }
        }
        let slope = (s.y[hi] - s.y[lo]) / (x[hi] - x[lo])
        return slope * (v - x[lo]) + s.y[lo]
    }

    public func apply(probabilities: [Double], classCount k: Int) -> [Double] {
        let n = probabilities.count / k
        var out = [Double](repeating: 0, count: probabilities.count)
        func clipped(_ v: Double) -> Double { clip > 0 ? min(max(v, clip), 1 - clip) : v }
        for i in 0..<n {
            if k == 2 {
                let q = clipped(Self.predict(probabilities[i * 2 + 1], steps[0]))
                out[i * 2] = 1 - q
                out[i * 2 + 1] = q
            } else {
                var s = 0.0
                for j in 0..<k {
                    out[i * k + j] = clipped(Self.predict(probabilities[i * k + j], steps[j]))
                    s += out[i * k + j]
                }
                for j in 0..<k { out[i * k + j] = s != 0 ? out[i * k + j] / s : 1 / Double(k) }
            }
        }
        return out
    }
}
