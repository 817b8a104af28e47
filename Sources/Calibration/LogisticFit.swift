import Foundation

/// Maximum-likelihood logistic regression by Newton's method, for the small models of this module
/// (Cox calibration, Platt, beta, temperature). Internal.
///
/// Model: p_i = σ(Σ_j w_j x_ij + offset_i), targets t_i ∈ [0, 1] (hard 0/1 or Platt's smoothed
/// targets); minimises −Σ [t_i ln p_i + (1 − t_i) ln(1 − p_i)]. Newton steps with step halving
/// until the objective does not increase; stops when every step component is below
/// 1e-13·(1 + |w_j|) (machine-precision optimum) or after 200 iterations. Near the optimum the
/// objective cannot resolve the remaining decrease (it changes by ~H·δ²/2, below its rounding
/// for |δ| ≲ 1e-5), so once the predicted decrease gᵀH⁻¹g/2 is below 1e-11·(1 + |f|) full
/// Newton steps are taken without the objective test (quadratic convergence; at most 6), judged
/// by their size: the score equations are then solved to rounding (checked against a 50-digit
/// Newton solution in the tests) instead of stopping ~1e-8 short at the first step that
/// no longer lowers the rounded objective.
enum LogisticFit {
    static func fit(features x: [[Double]], targets t: [Double], offset: [Double]? = nil) throws(CalibrationError)
        -> [Double]
    {
        let d = x.count
        let n = t.count
        var w = [Double](repeating: 0, count: d)
        func objective(_ w: [Double]) -> Double {
            var s = 0.0
            for i in 0..<n {
                var z = offset?[i] ?? 0
                for j in 0..<d { z += w[j] * x[j][i] }
                // −[t ln σ(z) + (1 − t) ln σ(−z)] = softplus(z) − t z, computed stably.
                s += softplus(z) - t[i] * z
            }
            return s
        }
        var f = objective(w)
        var fine = 0
        for _ in 0..<200 {
            var g = [Double](repeating: 0, count: d)
            var h = [Double](repeating: 0, count: d * d)
            for i in 0..<n {
                var z = offset?[i] ?? 0
                for j in 0..<d { z += w[j] * x[j][i] }
                let p = sigmoid(z)
                let r = p - t[i]
                let v = p * (1 - p)
                for a in 0..<d {
                    g[a] += r * x[a][i]
                    let va = v * x[a][i]
                    for b in a..<d { h[a * d + b] += va * x[b][i] }
                }
            }
            for a in 0..<d { for b in 0..<a { h[a * d + b] = h[b * d + a] } }
            guard let step = DenseLinear.solve(h, g, size: d) else {
                throw .fit(method: "logistic", detail: "singular Hessian (constant or separable features)")
            }
            var predicted = 0.0
            for j in 0..<d { predicted += g[j] * step[j] }
            if predicted.isFinite && predicted / 2 <= 1e-11 * (1 + abs(f)) {
                for j in 0..<d { w[j] -= step[j] }
                fine += 1
                let converged = (0..<d).allSatisfy { abs(step[$0]) <= 1e-15 * (1 + abs(w[$0])) }
                if converged || fine >= 6 { break }
                continue
            }
            var scale = 1.0
            var next = w
            var fn = f
            for _ in 0..<60 {
                for j in 0..<d { next[j] = w[j] - scale * step[j] }
                fn = objective(next)
                if fn.isFinite && fn <= f { break }
                scale /= 2
            }
            let done = (0..<d).allSatisfy { abs(scale * step[$0]) <= 1e-13 * (1 + abs(w[$0])) }
            // Stop at the rounding floor: a step that no longer lowers the objective.
            guard fn < f else { break }
            w = next
            f = fn
            if done || scale < 1e-15 { break }
        }
        guard w.allSatisfy(\.isFinite) else { throw .fit(method: "logistic", detail: "diverged") }
        return w
    }

    @inline(__always) static func sigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }

    @inline(__always) static func softplus(_ z: Double) -> Double {
        z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
    }
}

/// Dense linear solve A x = b (row-major d × d) by Gaussian elimination with partial pivoting;
/// nil when A is numerically singular. For the small systems (d ≤ a few dozen) of Newton steps.
enum DenseLinear {
    static func solve(_ a: [Double], _ b: [Double], size d: Int) -> [Double]? {
        var m = a
        var x = b
        var scaleMax = 0.0
        for v in a { scaleMax = max(scaleMax, abs(v)) }
        guard scaleMax > 0 else { return nil }
        for c in 0..<d {
            var piv = c
            for r in (c + 1)..<max(d, c + 1) where abs(m[r * d + c]) > abs(m[piv * d + c]) { piv = r }
            guard abs(m[piv * d + c]) > 1e-300, abs(m[piv * d + c]) > scaleMax * 1e-15 else { return nil }
            if piv != c {
                for k in 0..<d { m.swapAt(c * d + k, piv * d + k) }
                x.swapAt(c, piv)
            }
            let p = m[c * d + c]
            for r in (c + 1)..<max(d, c + 1) {
                let f = m[r * d + c] / p
                if f == 0 { continue }
                for k in c..<d { m[r * d + k] -= f * m[c * d + k] }
                x[r] -= f * x[c]
            }
        }
        for c in stride(from: d - 1, through: 0, by: -1) {
            var s = x[c]
            for k in (c + 1)..<max(d, c + 1) { s -= m[c * d + k] * x[k] }
            x[c] = s / m[c * d + c]
        }
        return x
    }
}
