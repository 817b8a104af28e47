import Foundation
import Tabular

/// What Platt scaling regresses on.
public enum PlattInput: String, Codable, Sendable, CaseIterable {
    /// x = ln p_k − ln(1 − p_k), the log-odds (for binary input, the logit). Default.
    case logOdds = "log_odds"
    /// x = p_k, the probability itself (scikit-learn `CalibratedClassifierCV(method="sigmoid")`
    /// on a classifier without `decision_function`).
    case probability
}

/// Targets of the Platt fit.
public enum PlattTargets: String, Codable, Sendable, CaseIterable {
    /// 0/1 labels: the maximum-likelihood logistic regression. Default.
    case hard
    /// Platt (1999) smoothed targets (N₊ + 1)/(N₊ + 2) and 1/(N₋ + 2), as scikit-learn.
    case platt1999
}

/// Platt scaling (Platt 1999): p'_k = σ(a_k x_k + b_k), one (a, b) per class.
///
/// Binary input: one pair for class 1, p'_0 = 1 − p'_1. K > 2: one-vs-rest pairs, then each row
/// divided by its sum (scikit-learn's multiclass convention). scikit-learn writes
/// p = 1/(1 + exp(A f + B)): A = −a, B = −b. Fitted by Newton to machine precision.
public struct PlattScaling: Codable, Sendable, Equatable {
    public struct Pair: Codable, Sendable, Equatable {
        public let a: Double
        public let b: Double
    }
    public let input: PlattInput
    public let targets: PlattTargets
    public let classCount: Int
    /// One pair per class (K > 2) or one pair for class 1 (K = 2).
    public let coefficients: [Pair]

    enum CodingKeys: String, CodingKey {
        case targets, coefficients
        case input = "regressor"
        case classCount = "class_count"
    }

    func feature(_ v: Double) -> Double { input == .logOdds ? log(v) - log1p(-v) : v }

    /// The model fields in file order.
    public var fields: [(String, JSONValue)] {
        [
            ("class_count", .integer(classCount)),
            ("coefficients", .array(coefficients.map { .obj([("a", .number($0.a)), ("b", .number($0.b))]) })),
            ("regressor", .string(input.rawValue)), ("targets", .string(targets.rawValue)),
        ]
    }

    public static func fit(_ p: Predictions, input: PlattInput, targets: PlattTargets) throws(CalibrationError)
        -> PlattScaling
    {
        let k = p.classCount
        let classes = k == 2 ? [1] : Array(0..<k)
        var pairs: [Pair] = []
        let probe = PlattScaling(input: input, targets: targets, classCount: k, coefficients: [])
        for c in classes {
            let s = p.column(c)
            if input == .logOdds, let bad = s.firstIndex(where: { $0 <= 0 || $0 >= 1 }) {
                throw .fit(
                    method: "platt",
                    detail: "row \(bad + 1): p\(c) = \(s[bad]) has infinite log-odds; use --platt-input probability")
            }
            let x = s.map(probe.feature)
            let y = p.labels.map { $0 == c ? 1.0 : 0.0 }
            let pos = y.reduce(0, +)
            let neg = Double(y.count) - pos
            let t = targets == .hard ? y : y.map { $0 == 1 ? (pos + 1) / (pos + 2) : 1 / (neg + 2) }
            let w = try LogisticFit.fit(features: [x, [Double](repeating: 1, count: x.count)], targets: t)
            pairs.append(Pair(a: w[0], b: w[1]))
        }
        return PlattScaling(input: input, targets: targets, classCount: k, coefficients: pairs)
    }

    public func apply(probabilities: [Double], classCount k: Int) -> [Double] {
        let n = probabilities.count / k
        var out = [Double](repeating: 0, count: probabilities.count)
        for i in 0..<n {
            if k == 2 {
                let q = LogisticFit.sigmoid(coefficients[0].a * feature(probabilities[i * 2 + 1]) + coefficients[0].b)
                out[i * 2] = 1 - q
                out[i * 2 + 1] = q
            } else {
                var s = 0.0
                for j in 0..<k {
                    let q = LogisticFit.sigmoid(
                        coefficients[j].a * feature(probabilities[i * k + j]) + coefficients[j].b)
                    out[i * k + j] = q
                    s += q
                }
                for j in 0..<k { out[i * k + j] = s > 0 ? out[i * k + j] / s : 1 / Double(k) }
            }
        }
        return out
    }
}
