import Foundation
import SignalCore

/// Smooth ECE (Błasiok & Nakkiran 2023, "Smooth ECE: Principled Reliability Diagrams via Kernel
/// Smoothing"), computed exactly as relplot 1.0.3 `smECE` does.
///
/// The residuals r_i = f_i − y_i are smoothed with a reflected Gaussian kernel of width σ on
/// [0, 1]: the residuals and the density are linearly rounded onto a grid of
/// M = ⌊max(2000, round(20/σ))/2⌋ + 1 points, convolved with the kernel (reflected at 0 and 1),
/// and interpolated at E = max(round(10/σ), 200) evaluation points t_j; then
/// smECE_σ = Σ_j |r̂(t_j)| δ(t_j) / Σ_j δ(t_j), where r̂ = smoothed residual / (density + 1e-4)
/// and δ = density + 1e-4. σ is the fixed point σ = smECE_σ found by bisection on [0, 1] (10
/// halvings, σ < 0.001 accepted), as in the paper. Convolutions use the FFT (SignalCore).
///
/// Shapes: f and y have n values; f ∈ [0, 1], y ∈ {0, 1}. Returns the value and σ.
public enum SmoothECE {
    public static func compute(scores f: [Double], outcomes y: [Double]) -> (value: Double, sigma: Double) {
        guard !f.isEmpty else { return (.nan, .nan) }
        var cache: [Int: (r: [Double], d: [Double])] = [:]
        let residual = zip(f, y).map { $0 - $1 }
        let ones = [Double](repeating: 1, count: f.count)
        func at(_ sigma: Double) -> Double {
            let m = max(2000, roundHalfEven(20 / sigma)) / 2 + 1
            if cache[m] == nil {
                cache[m] = (roundToGrid(f, residual, points: m), roundToGrid(f, ones, points: m))
            }
            let grids = cache[m]!
            let ker = kernel(points: m, sigma: sigma)
            let sr = convolveReflected(grids.r, ker)
            let sd = convolveReflected(grids.d, ker)
            let e = max(roundHalfEven(10 / sigma), 200)
            var num = 0.0
            var den = 0.0
            let step = 1.0 / Double(e - 1)
            for j in 0..<e {
                let t = j == e - 1 ? 1.0 : Double(j) * step
                let ys = interpolate(t, sr)
                let d = interpolate(t, sd) + 1e-4
                num += abs(ys / d) * d
                den += d
            }
            return num / den
        }
        func predicate(_ a: Double) -> Bool { a < 0.001 || a < at(a) }
        var sigma = 1.0
        if !predicate(1) {
            var start = 1.0
            var end = 0.0
            for _ in 0..<10 {
                let mid = (start + end) / 2
                if predicate(mid) { end = mid } else { start = mid }
            }
            sigma = start
        }
        return (at(sigma), sigma)
    }

    /// Python's `round` (half to even) as Int.
    static func roundHalfEven(_ x: Double) -> Int { Int(x.rounded(.toNearestOrEven)) }

    /// relplot `smooth_round_to_grid`: each value split linearly between its two grid neighbours.
    static func roundToGrid(_ f: [Double], _ w: [Double], points m: Int) -> [Double] {
        var v = [Double](repeating: 0, count: m)
        let scale = Double(m - 1)
        for i in f.indices {
            let x = f[i] * scale
            var b = Int(x)
            if b < 0 { b = 0 }
            if b > m - 2 { b = m - 2 }
            let frac = x - Double(b)
            v[b] += (1 - frac) * w[i]
            v[b + 1] += frac * w[i]
        }
        return v
    }

    /// Gaussian kernel sampled on linspace(0, 1, m), centred at 0.5, density-normalised.
    static func kernel(points m: Int, sigma: Double) -> [Double] {
        let variance = sigma * sigma
        let norm = (2 * Double.pi).squareRoot() * sigma
        let step = 1.0 / Double(m - 1)
        return (0..<m).map { i in
            let t = i == m - 1 ? 1.0 : Double(i) * step
            return exp(-(t - 0.5) * (t - 0.5) / (2 * variance)) / norm
        }
    }

    /// relplot `ReflectedGaussianKernel.convolve`: values mirrored at both ends (without repeating
    /// the end points), 'valid' convolution, the centred m outputs kept.
    static func convolveReflected(_ v: [Double], _ ker: [Double]) -> [Double] {
        let m = v.count
        var ext = [Double]()
        ext.reserveCapacity(3 * m - 2)
        for i in stride(from: m - 1, through: 1, by: -1) { ext.append(v[i]) }
        ext.append(contentsOf: v)
        for i in stride(from: m - 2, through: 0, by: -1) { ext.append(v[i]) }
        let fullCount = ext.count + m - 1
        var length = 1
        while length < fullCount { length <<= 1 }
        guard let fft = try? RealFFT.shared(length: length) else { return direct(ext, ker, m) }
        var a = [Double](repeating: 0, count: length)
        var b = [Double](repeating: 0, count: length)
        for i in ext.indices { a[i] = ext[i] }
        for i in ker.indices { b[i] = ker[i] }
        guard let fa = try? fft.forward(a), let fb = try? fft.forward(b) else { return direct(ext, ker, m) }
        var re = [Double](repeating: 0, count: fa.count)
        var im = [Double](repeating: 0, count: fa.count)
        for k in 0..<fa.count {
            re[k] = fa.re[k] * fb.re[k] - fa.im[k] * fb.im[k]
            im[k] = fa.re[k] * fb.im[k] + fa.im[k] * fb.re[k]
        }
        guard let full = try? fft.inverse(ComplexSpectrum(re: re, im: im)) else { return direct(ext, ker, m) }
        let offset = m / 2 + m - 1
        return (0..<m).map { full[$0 + offset] }
    }

    static func direct(_ ext: [Double], _ ker: [Double], _ m: Int) -> [Double] {
        let offset = m / 2 + m - 1
        return (0..<m).map { i in
            var s = 0.0
            let c = i + offset
            for j in 0..<m where c - j >= 0 && c - j < ext.count { s += ext[c - j] * ker[j] }
            return s
        }
    }

    /// relplot `interpolate`: linear interpolation of y_i at i/(len − 1).
    static func interpolate(_ t: Double, _ y: [Double]) -> Double {
        let b = y.count
        let size = 1.0 / Double(b - 1)
        var i = Int(t * Double(b - 1))
        if i < 0 { i = 0 }
        if i > b - 2 { i = b - 2 }
        let r = (t - Double(i) * size) / size
        return y[i] * (1 - r) + y[i + 1] * r
    }
}
