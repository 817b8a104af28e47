import Foundation
import Tabular

/// Beta calibration, full "abm" model (Kull, Silva Filho & Flach 2017):
/// p' = σ(a ln p − b ln(1 − p) + c), fitted as an unpenalised logistic regression on the features
/// (ln p, −ln(1 − p)) by Newton's method to machine precision. Unlike betacal 1.1.0 it does not
/// refit with a or b fixed at 0 when one comes out negative (the reference "ref_tight_BFGS" does
/// not either). Binary input: fitted on class 1, p'_0 = 1 − p'_1; K > 2: one-vs-rest, then each
/// row divided by its sum. Scores of exactly 0 or 1 are an error (infinite features).
public struct BetaCalibration: Codable, Sendable, Equatable {
    public struct Coefficients: Codable, Sendable, Equatable {
        public let a: Double
        public let b: Double
        public let c: Double
    }
    public let classCount: Int
    public let coefficients: [Coefficients]

    enum CodingKeys: String, CodingKey {
        case coefficients
        case classCount = "class_count"
    }

    /// The model fields in file order.
    public var fields: [(String, JSONValue)] {
        [
            ("class_count", .integer(classCount)),
            (
                "coefficients",
                .array(coefficients.map { .obj([("a", .number($0.a)), ("b", .number($0.b)), ("c", .number($0.c))]) })
            ),
        ]
    }

    public static func fit(_ p: Predictions) throws(CalibrationError) -> BetaCalibration {
        let k = p.classCount
        var out: [Coefficients] = []
        for c in (k == 2 ? [1] : Array(0..<k)) {
            let s = p.column(c)
            if let bad = s.firstIndex(where: { $0 <= 0 || $0 >= 1 }) {
                throw .fit(
                    method: "beta", detail: "row \(bad + 1): p\(c) = \(s[bad]); beta calibration needs 0 < p < 1")
            }
            let f1 = s.map { log($0) }
            let f2 = s.map { -log1p(-$0) }
            let y = p.labels.map { $0 == c ? 1.0 : 0.0 }
            let w = try LogisticFit.fit(features: [f1, f2, [Double](repeating: 1, count: s.count)], targets: y)
            out.append(Coefficients(a: w[0], b: w[1], c: w[2]))
        }
        return BetaCalibration(classCount: k, coefficients: out)
    }

    func map(_ v: Double, _ q: Coefficients) -> Double { LogisticFit.sigmoid(q.a * log(v) - q.b * log1p(-v) + q.c) }

    public func apply(probabilities: [Double], classCount k: Int) -> [Double] {
        let n = probabilities.count / k
        var out = [Double](repeating: 0, count: probabilities.count)
        for i in 0..<n {
            if k == 2 {
                let q = map(probabilities[i * 2 + 1], coefficients[0])
                out[i * 2] = 1 - q
                out[i * 2 + 1] = q
            } else {
                var s = 0.0
                for j in 0..<k {
                    out[i * k + j] = map(probabilities[i * k + j], coefficients[j])
                    s += out[i * k + j]
                }
                for j in 0..<k { out[i * k + j] = s > 0 ? out[i * k + j] / s : 1 / Double(k) }
            }
        }
        return out
    }
}
