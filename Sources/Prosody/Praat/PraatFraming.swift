import Foundation

/// Frame layout and interpolation helpers shared by the Praat-compatible analyses.
///
/// Frame layout (Praat's short-term analysis convention): for a signal of duration D, window
/// length W and step Δ, the number of frames is n = ⌊(D − W)/Δ⌋ + 1 and the frames are centred
/// symmetrically around the middle of the signal: t_k = D/2 − (n − 1)Δ/2 + kΔ, k = 0…n−1.
/// Samples are taken to represent the interval around their time, so sample j sits at
/// (j + ½)/fs from the start, as in Praat.
enum PraatFraming {
    /// Number of frames and the first frame centre (s, from the start of the signal).
    static func layout(sampleCount: Int, rate: Double, window: Double, step: Double) -> (count: Int, first: Double) {
        let duration = Double(sampleCount) / rate
        guard duration >= window else { return (0, 0) }
        let count = Int(((duration - window) / step).rounded(.down)) + 1
        let first = 0.5 * duration - 0.5 * Double(count - 1) * step
        return (count, first)
    }

    /// Index of the first sample of an `length`-sample window centred at time `t` (s from start).
    static func windowStart(centre t: Double, length: Int, rate: Double) -> Int {
        Int((t * rate - 0.5 - 0.5 * Double(length - 1)).rounded())
    }

    /// Copies `length` samples starting at `start` (zeros outside the signal) and returns their mean
    /// (summed in four interleaved lanes when the segment lies inside the signal).
    static func segment(
        _ x: UnsafeBufferPointer<Double>, start: Int, length: Int, into out: UnsafeMutablePointer<Double>
    ) -> Double {
        guard length > 0 else { return 0 }
        if start >= 0 && start + length <= x.count {
            let src = x.baseAddress! + start
            out.update(from: src, count: length)
            return sum(UnsafePointer(out), length) / Double(length)
        }
        var sum = 0.0
        for i in 0..<length {
            let j = start + i
            let v = j >= 0 && j < x.count ? x[j] : 0
            out[i] = v
            sum += v
        }
        return sum / Double(length)
    }

    /// Subtracts `mean` from x_0…x_{n−1} in place and returns max |x_i| over lo ≤ i < hi (after the
    /// subtraction; 0 for an empty range).
    static func subtractMean(_ x: UnsafeMutablePointer<Double>, _ n: Int, _ mean: Double, peakFrom lo: Int, to hi: Int)
        -> Double
    {
        for i in 0..<n { x[i] -= mean }
        guard lo < hi else { return 0 }
        var acc = SIMD4<Double>()
        var i = lo
        let raw = UnsafeRawPointer(x)
        while i + 4 <= hi {
            let v = raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            acc = pointwiseMax(acc, pointwiseMax(v, -v))
            i += 4
        }
        var peak = acc.max()
        while i < hi {
            peak = max(peak, abs(x[i]))
            i += 1
        }
        return peak
    }

    /// Σ x_i, i < n, in four interleaved lanes.
    @inline(__always) static func sum(_ x: UnsafePointer<Double>, _ n: Int) -> Double {
        var acc = SIMD4<Double>()
        var i = 0
        let raw = UnsafeRawPointer(x)
        while i + 4 <= n {
            acc += raw.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            i += 4
        }
        var s = acc.sum()
        while i < n {
            s += x[i]
            i += 1
        }
        return s
    }

    /// Hann-windowed sinc interpolation of `y` at fractional index `x`, with `depth` samples on each
    /// side: y(x) = Σ_k y_k · sinc(π(x − k)) · (½ + ½ cos(π(x − k)/(depth + ½))), with y(−k) = y(k)
    /// (autocorrelation symmetry) and y = 0 beyond the end. The cosines come from one rotation
    /// recurrence (two trigonometric calls per evaluation).
    static func sincInterpolate(_ y: UnsafeBufferPointer<Double>, at x: Double, depth: Int) -> Double {
        let theta = Double.pi / (Double(depth) + 0.5)
        return sincInterpolate(y, at: x, depth: depth, rotation: (cos(theta), sin(theta)))
    }

    /// `sincInterpolate(_:at:depth:)` with the window's step rotation (cos θ, sin θ), θ = π/(depth + ½),
    /// computed by the caller (once for several evaluations at the same depth).
    static func sincInterpolate(
        _ y: UnsafeBufferPointer<Double>, at x: Double, depth: Int, rotation: (cos: Double, sin: Double)
    ) -> Double {
        let l = Int(x.rounded(.down))
        let frac = x - Double(l)
        if frac == 0 { return value(y, l) }
        let sPi = sin(Double.pi * frac) / Double.pi
        let theta = Double.pi / (Double(depth) + 0.5)
        let lo = l - depth + 1
        let hi = l + depth
        // window angle a_k = θ (x − k), starting at k = lo and decreasing by θ per step
        let a0 = theta * (x - Double(lo))
        var c = cos(a0)
        var s = sin(a0)
        let cs = rotation.cos
        let sn = rotation.sin
        var sign: Double = (l - lo) & 1 == 0 ? 1 : -1
        var sum = 0.0
        var k = lo
        while k <= hi {
            let d = x - Double(k)
            sum += value(y, k) * (sign * sPi / d) * (0.5 + 0.5 * c)
            // rotate by −θ
            let nc = c * cs + s * sn
            s = s * cs - c * sn
            c = nc
            sign = -sign
            k += 1
        }
        return sum
    }

    @inline(__always) static func value(_ y: UnsafeBufferPointer<Double>, _ k: Int) -> Double {
        let a = abs(k)
        return a < y.count ? y[a] : 0
    }

    /// Parabolic interpolation of a local maximum at integer index i: (position, value).
    @inline(__always) static func parabolic(_ ym: Double, _ y0: Double, _ yp: Double, at i: Int) -> (Double, Double) {
        let denom = ym - 2 * y0 + yp
        if denom >= 0 { return (Double(i), y0) }
        let d = 0.5 * (ym - yp) / denom
        return (Double(i) + d, y0 - 0.25 * (ym - yp) * d)
    }

    /// Maximum of the sinc-interpolated `y` near an integer local maximum i: start from the
    /// parabolic estimate x₀ of the samples, fit a parabola to the interpolant at x₀ − h, x₀, x₀ + h
    /// (h = 0.05 sample) and evaluate the interpolant at its vertex (kept within ±1 sample of i).
    /// Returns (position, value); never below the sample value y_i.
    static func refineMaximum(_ y: UnsafeBufferPointer<Double>, near i: Int, depth: Int) -> (Double, Double) {
        let (x0, _) = parabolic(value(y, i - 1), value(y, i), value(y, i + 1), at: i)
        let h = 0.05
        let theta = Double.pi / (Double(depth) + 0.5)
        let rotation = (cos: cos(theta), sin: sin(theta))
        let fm = sincInterpolate(y, at: x0 - h, depth: depth, rotation: rotation)
        let f0 = sincInterpolate(y, at: x0, depth: depth, rotation: rotation)
        let fp = sincInterpolate(y, at: x0 + h, depth: depth, rotation: rotation)
        let denom = fm - 2 * f0 + fp
        var x = x0
        if denom < 0 { x = x0 + h * 0.5 * (fm - fp) / denom }
        x = min(Double(i) + 1, max(Double(i) - 1, x))
        let v = x == x0 ? f0 : sincInterpolate(y, at: x, depth: depth, rotation: rotation)
        let atI = value(y, i)
        if v >= f0 && v >= atI { return (x, v) }
        return f0 >= atI ? (x0, f0) : (Double(i), atI)
    }

    /// Smallest integer ≥ n whose only prime factors are 2, 3 and 5 (fast FFTW sizes).
    static func smoothSize(atLeast n: Int) -> Int {
        var m = max(1, n)
        while true {
            var r = m
            for f in [2, 3, 5] { while r % f == 0 { r /= f } }
            if r == 1 { return m }
            m += 1
        }
    }

    /// Smallest power of two ≥ n.
    static func powerOfTwo(atLeast n: Int) -> Int {
        var m = 1
        while m < n { m <<= 1 }
        return m
    }
}
