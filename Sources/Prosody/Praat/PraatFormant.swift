import Foundation
import SignalCore

/// Formants by Burg LPC ("Sound: To Formant (burg)...", Praat manual; Burg's method as in
/// Childers 1978 and Press et al. 1992 `memcof`).
///
/// The sound is resampled to 2 × maximumFormant (11 kHz by default), pre-emphasised by
/// y_i = x_i − α x_{i−1}, α = exp(−2π F_pre / fs), and analysed in Gaussian windows
/// w(i) = (exp(−48 (i − m)² / (N + 1)²) − e⁻¹²) / (1 − e⁻¹²) of total length N = 2 × windowLength.
/// Burg's method gives 2 × formantCount coefficients a_k (x_n ≈ Σ a_k x_{n−k}); the roots z of
/// z^p − Σ a_k z^{p−k} in the upper half plane (roots outside the unit circle reflected inside)
/// give F = arg(z)·fs / 2π and B = −ln|z|·fs / π; roots with F ≤ 50 Hz or F ≥ fs/2 − 50 Hz are dropped.
struct PraatFormantAnalyzer {
    let rate: Double
    let samples: [Double]
    let window: [Double]
    let order: Int

    /// Prepares the resampled, pre-emphasised signal from samples `x` at `fs` Hz.
    init(_ x: [Double], rate fs: Double, parameters p: PraatParameters) throws(PraatError) {
        let target = 2 * p.maximumFormantHz
        let y: [Double]
        do {
            y = try Resample.poly(x, up: Int(target), down: Int(fs))
        } catch {
            throw .resampling(error.description)
        }
        var z = y
        let alpha = exp(-2 * Double.pi * p.preEmphasisFromHz / target)
        if z.count > 1 { for i in stride(from: z.count - 1, to: 0, by: -1) { z[i] -= alpha * z[i - 1] } }
        rate = target
        samples = z
        order = 2 * p.formantCount
        let n = Int((2 * p.formantWindowS * target).rounded(.down))
        let mid = 0.5 * Double(n + 1)
        let edge = exp(-12.0)
        window = (1...max(n, 1)).map { i in
            let d = Double(i) - mid
            return (exp(-48 * d * d / Double((n + 1) * (n + 1))) - edge) / (1 - edge)
        }
    }

    /// Formant frequencies and bandwidths (Hz), ascending in frequency, for the frame centred at `t` s.
    ///
    /// `previousRoots` warm-starts the root finder with the last frame's roots (and is updated).
    func formants(at t: Double, previousRoots: inout [(Double, Double)]) -> [(frequency: Double, bandwidth: Double)] {
        let n = window.count
        let start = PraatFraming.windowStart(centre: t, length: n, rate: rate)
        var frame = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let j = start + i
            frame[i] = j >= 0 && j < samples.count ? samples[j] * window[i] : 0
        }
        guard let a = Self.burg(frame, order: order) else { return [] }
        // z^p − a_1 z^{p−1} − … − a_p, highest power first
        var poly = [1.0]
        for k in 0..<order { poly.append(-a[k]) }
        var roots = previousRoots.count == order ? Self.roots(poly, start: previousRoots, iterations: 60) : nil
        if roots == nil { roots = Self.roots(poly, start: nil, iterations: 500) }
        guard let roots else { return [] }
        previousRoots = roots
        var out = [(frequency: Double, bandwidth: Double)]()
        for var (re, im) in roots where im > 0 {
            var mag = (re * re + im * im).squareRoot()
            if mag > 1 {
                re /= mag * mag
                im /= mag * mag
                mag = 1 / mag
            }
            let f = atan2(im, re) * rate / (2 * Double.pi)
            let b = -log(mag) * rate / Double.pi
            if f > 50 && f < rate / 2 - 50 { out.append((f, b)) }
        }
        return out.sorted { $0.frequency < $1.frequency }
    }

    /// Burg's method: coefficients a_1…a_m, or nil for a silent or too-short frame.
    static func burg(_ x: [Double], order m: Int) -> [Double]? {
        let n = x.count
        guard n > m + 1 else { return nil }
        var energy = 0.0
        for v in x { energy += v * v }
        guard energy > 0 else { return nil }
        var d = [Double](repeating: 0, count: m + 1)
        var wkm = [Double](repeating: 0, count: m + 1)
        var wk1 = Array(x[0..<(n - 1)])
        var wk2 = Array(x[1..<n])
        let ok = wk1.withUnsafeMutableBufferPointer { w1 in
            wk2.withUnsafeMutableBufferPointer { w2 in
                for k in 1...m {
                    var num = 0.0
                    var den = 0.0
                    for j in 0..<(n - k) {
                        let a = w1[j]
                        let b = w2[j]
                        num += a * b
                        den += a * a + b * b
                    }
                    guard den > 0 else { return false }
                    d[k] = 2 * num / den
                    if k > 1 { for i in 1..<k { d[i] = wkm[i] - d[k] * wkm[k - i] } }
                    if k == m { break }
                    for i in 1...k { wkm[i] = d[i] }
                    let c = wkm[k]
                    for j in 0..<(n - k - 1) {
                        w1[j] -= c * w2[j]
                        w2[j] = w2[j + 1] - c * w1[j + 1]
                    }
                }
                return true
            }
        }
        guard ok else { return nil }
        return Array(d[1...m])
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
}
