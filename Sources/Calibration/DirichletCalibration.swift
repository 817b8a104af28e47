import Foundation
import Tabular

/// Dirichlet calibration, full model (Kull et al. 2019): p' = softmax(W ln p + b), a multinomial
/// logistic regression on the log-probabilities (W is K × K, b has K entries). With L2 strength
/// λ the objective is Σ_i −ln p'_{i,y_i} + (λ/2)‖W‖²_F (b unpenalised), i.e. scikit-learn
/// `LogisticRegression(C = 1/λ)`; λ = 0 is the unregularised maximum-likelihood fit. Softmax is
/// unchanged by adding a vector to every class row, so W and b are reported in the gauge where
/// each column sums to 0 over classes (the one scikit-learn's solver reaches from zero).
/// Fitted by Newton's method (K(K+1) parameters). Probabilities of exactly 0 are an error.
/// Fitting on logits instead of log-probabilities gives matrix scaling (Guo et al. 2017); from a
/// probability file the two coincide up to the row constant.
public struct DirichletCalibration: Codable, Sendable, Equatable {
    public let classCount: Int
    public let l2: Double
    /// K rows (classes) × K columns (features ln p_j).
    public let weights: [[Double]]
    public let bias: [Double]

    enum CodingKeys: String, CodingKey {
        case l2, weights, bias
        case classCount = "class_count"
    }

    /// The model fields in file order.
    public var fields: [(String, JSONValue)] {
        [
            ("bias", .numbers(bias)), ("class_count", .integer(classCount)), ("l2", .number(l2)),
            ("weights", .array(weights.map { .numbers($0) })),
        ]
    }

    public static func fit(_ p: Predictions, l2 lambda: Double) throws(CalibrationError) -> DirichletCalibration {
        guard lambda >= 0, lambda.isFinite else {
            throw .parameter(name: "dirichlet l2", value: "\(lambda)", expected: "a finite value >= 0")
        }
        let k = p.classCount
        let n = p.count
        let d = k + 1
        if let bad = p.probabilities.firstIndex(of: 0) {
            throw .fit(
                method: "dirichlet",
                detail: "row \(bad / k + 1): p\(bad % k) = 0 has ln p = -inf; Dirichlet calibration needs p > 0")
        }
        var x = [Double](repeating: 1, count: n * d)
        for i in 0..<n { for j in 0..<k { x[i * d + j] = log(p.probabilities[i * k + j]) } }
        let dim = k * d
        var w = [Double](repeating: 0, count: dim)  // class-major: w[c * d + j]
        func probs(_ w: [Double], _ i: Int, _ out: inout [Double]) {
            var mx = -Double.infinity
            for c in 0..<k {
                var z = 0.0
                for j in 0..<d { z += w[c * d + j] * x[i * d + j] }
                out[c] = z
                mx = max(mx, z)
            }
            var s = 0.0
            for c in 0..<k {
                out[c] = exp(out[c] - mx)
                s += out[c]
            }
            for c in 0..<k { out[c] /= s }
        }
        func objective(_ w: [Double]) -> Double {
            var f = 0.0
            var q = [Double](repeating: 0, count: k)
            for i in 0..<n {
                probs(w, i, &q)
                f -= log(q[p.labels[i]])
            }
            for c in 0..<k { for j in 0..<k { f += lambda / 2 * w[c * d + j] * w[c * d + j] } }
            return f
        }
        var f = objective(w)
        var q = [Double](repeating: 0, count: k)
        for _ in 0..<100 {
            var g = [Double](repeating: 0, count: dim)
            var h = [Double](repeating: 0, count: dim * dim)
            for i in 0..<n {
                probs(w, i, &q)
                let y = p.labels[i]
                for a in 0..<k {
                    let r = q[a] - (a == y ? 1 : 0)
                    for j in 0..<d { g[a * d + j] += r * x[i * d + j] }
                    for b in a..<k {
                        let wab = q[a] * ((a == b ? 1 : 0) - q[b])
                        if wab == 0 { continue }
                        for j in 0..<d {
                            let v = wab * x[i * d + j]
                            for l in 0..<d { h[(a * d + j) * dim + b * d + l] += v * x[i * d + l] }
                        }
                    }
                }
            }
            for a in 0..<k {
                for b in 0..<a {
                    for j in 0..<d {
                        for l in 0..<d { h[(a * d + j) * dim + b * d + l] = h[(b * d + l) * dim + a * d + j] }
                    }
                }
            }
            for c in 0..<k {
                for j in 0..<k {
                    g[c * d + j] += lambda * w[c * d + j]
                    h[(c * d + j) * dim + c * d + j] += lambda
                }
            }
            // The softmax gauge: add the projector onto (1, …, 1) over classes for every feature, so
            // the Newton step is the minimum-norm one (the gradient has no component there).
            for j in 0..<d {
                for a in 0..<k { for b in 0..<k { h[(a * d + j) * dim + b * d + j] += 1 / Double(k) } }
            }
            guard let step = DenseLinear.solve(h, g, size: dim) else {
                throw .fit(method: "dirichlet", detail: "singular Hessian")
            }
            var scale = 1.0
            var next = w
            var fn = f
            for _ in 0..<60 {
                for t in 0..<dim { next[t] = w[t] - scale * step[t] }
                fn = objective(next)
                if fn.isFinite && fn <= f { break }
                scale /= 2
            }
            let done = (0..<dim).allSatisfy { abs(scale * step[$0]) <= 1e-12 * (1 + abs(w[$0])) }
            // Stop at the rounding floor: a step that no longer lowers the objective.
            guard fn < f else { break }
            w = next
            f = fn
            if done || scale < 1e-15 { break }
        }
        guard w.allSatisfy(\.isFinite) else { throw .fit(method: "dirichlet", detail: "diverged") }
        // Centre every column over classes (the gauge above keeps it centred; this removes rounding).
        for j in 0..<d {
            var m = 0.0
            for c in 0..<k { m += w[c * d + j] }
            m /= Double(k)
            for c in 0..<k { w[c * d + j] -= m }
        }
        return DirichletCalibration(
            classCount: k, l2: lambda, weights: (0..<k).map { c in (0..<k).map { w[c * d + $0] } },
            bias: (0..<k).map { w[$0 * d + k] })
    }

    public func apply(probabilities: [Double], classCount k: Int) -> [Double] {
        let n = probabilities.count / k
        var out = [Double](repeating: 0, count: probabilities.count)
        var lp = [Double](repeating: 0, count: k)
        for i in 0..<n {
            for j in 0..<k { lp[j] = log(probabilities[i * k + j]) }
            var mx = -Double.infinity
            for c in 0..<k {
                var z = bias[c]
                for j in 0..<k where weights[c][j] != 0 { z += weights[c][j] * lp[j] }
                out[i * k + c] = z
                mx = max(mx, z)
            }
            var s = 0.0
            for c in 0..<k {
                out[i * k + c] = exp(out[i * k + c] - mx)
                s += out[i * k + c]
            }
            for c in 0..<k { out[i * k + c] /= s }
        }
        return out
    }
}
