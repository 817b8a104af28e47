import Foundation

/// Linear prediction shared by the two formant trackers (Praat-compatible and eGeMAPS).
///
/// Burg's method (Burg 1967; Press et al., Numerical Recipes, "memcof") estimates predictor
/// coefficients d_1…d_m minimising the summed forward and backward prediction error, so that
/// x_n ≈ Σ_k d_k x_{n−k}. Formants are the roots z (Im z > 0) of the prediction polynomial
/// z^m − d_1 z^{m−1} − … − d_m: F = arg(z)·fs/2π Hz, B = −ln|z|·fs/π Hz.
enum LinearPrediction {
    /// Burg's method: predictor coefficients d_1…d_m, or nil for a silent or too-short frame.
    static func burg(_ x: [Double], order m: Int) -> [Double]? {
        burg(lanes: [x], order: m)[0]
    }

    /// Burg's method on up to four frames of equal length at once, one per SIMD lane: each lane
    /// performs exactly the scalar recursion's operations in the same order, so every result equals
    /// that of `burg(_:order:)` on its frame; the lanes only share the loop (four independent
    /// accumulation chains instead of one). Returns one result per frame (nil: silent or too short).
    static func burg(lanes frames: [[Double]], order m: Int) -> [[Double]?] {
        let lanes = frames.count
        guard lanes >= 1, lanes <= 4, m >= 1 else { return frames.map { _ in nil } }
        let n = frames[0].count
        guard frames.allSatisfy({ $0.count == n }), n > m + 1 else { return frames.map { _ in nil } }
        var failed = [Bool](repeating: true, count: 4)
        for l in 0..<lanes {
            var energy = 0.0
            for v in frames[l] { energy += v * v }
            failed[l] = !(energy > 0)
        }
        if failed.allSatisfy({ $0 }) { return frames.map { _ in nil } }
        var d = [SIMD4<Double>](repeating: .zero, count: m + 1)
        var wkm = [SIMD4<Double>](repeating: .zero, count: m + 1)
        var wk1 = [SIMD4<Double>](repeating: .zero, count: n - 1)
        var wk2 = [SIMD4<Double>](repeating: .zero, count: n - 1)
        for l in 0..<lanes where !failed[l] {
            frames[l].withUnsafeBufferPointer { x in
                for j in 0..<(n - 1) {
                    wk1[j][l] = x[j]
                    wk2[j][l] = x[j + 1]
                }
            }
        }
        wk1.withUnsafeMutableBufferPointer { w1 in
            wk2.withUnsafeMutableBufferPointer { w2 in
                // the sums of step 1; each update pass accumulates the next step's sums in the same order
                var num = SIMD4<Double>.zero
                var den = SIMD4<Double>.zero
                for j in 0..<(n - 1) {
                    let a = w1[j]
                    let b = w2[j]
                    num += a * b
                    den += a * a + b * b
                }
                for k in 1...m {
                    for l in 0..<4 where !(den[l] > 0) { failed[l] = true }
                    d[k] = 2 * num / den
                    if k > 1 { for i in 1..<k { d[i] = wkm[i] - d[k] * wkm[k - i] } }
                    if k == m { break }
                    for i in 1...k { wkm[i] = d[i] }
                    let c = wkm[k]
                    num = .zero
                    den = .zero
                    for j in 0..<(n - k - 1) {
                        let a = w1[j] - c * w2[j]
                        let b = w2[j + 1] - c * w1[j + 1]
                        w1[j] = a
                        w2[j] = b
                        num += a * b
                        den += a * a + b * b
                    }
                }
            }
        }
        return (0..<lanes).map { l in failed[l] ? nil : (1...m).map { d[$0][l] } }
    }

    /// Complex roots of a monic polynomial (coefficients highest power first) by the
    /// Durand–Kerner (Weierstrass) iteration, from `start` (e.g. the previous frame's roots) or from
    /// points on a circle of radius 0.9; nil when not converged within `iterations` (only with `start`)
    /// or when the result is not finite.
    static func roots(_ c: [Double], start: [(Double, Double)]?, iterations: Int) -> [(Double, Double)]? {
        let deg = c.count - 1
        guard deg >= 1 else { return [] }
        var zr = [Double](repeating: 0, count: deg)
        var zi = [Double](repeating: 0, count: deg)
        for k in 0..<deg {
            if let start {
                // perturb slightly so that no two starting points coincide
                zr[k] = start[k].0 + 1e-6 * Double(k)
                zi[k] = start[k].1 - 1e-6 * Double(k)
            } else {
                let ang = 2 * Double.pi * Double(k) / Double(deg) + 0.4
                zr[k] = 0.9 * cos(ang)
                zi[k] = 0.9 * sin(ang)
            }
        }
        var converged = false
        for _ in 0..<iterations {
            var change = 0.0
            for k in 0..<deg {
                // p(z_k) by Horner
                var pr = 1.0
                var pi = 0.0
                for j in 1...deg {
                    let nr = pr * zr[k] - pi * zi[k] + c[j]
                    pi = pr * zi[k] + pi * zr[k]
                    pr = nr
                }
                // Π (z_k − z_j)
                var qr = 1.0
                var qi = 0.0
                for j in 0..<deg where j != k {
                    let dr = zr[k] - zr[j]
                    let di = zi[k] - zi[j]
                    let nr = qr * dr - qi * di
                    qi = qr * di + qi * dr
                    qr = nr
                }
                let den = qr * qr + qi * qi
                guard den > 0 else { continue }
                let wr = (pr * qr + pi * qi) / den
                let wi = (pi * qr - pr * qi) / den
                zr[k] -= wr
                zi[k] -= wi
                change = max(change, abs(wr) + abs(wi))
            }
            if change < 1e-13 {
                converged = true
                break
            }
        }
        if !converged && start != nil { return nil }
        guard zr.allSatisfy(\.isFinite), zi.allSatisfy(\.isFinite) else { return nil }
        return (0..<deg).map { (zr[$0], zi[$0]) }
    }

    /// The monic prediction polynomial z^m − d_1 z^{m−1} − … − d_m, highest power first.
    static func predictionPolynomial(_ d: [Double]) -> [Double] { [1.0] + d.map { -$0 } }
}
