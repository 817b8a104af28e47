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

    /// Copies `length` samples starting at `start` (zeros outside the signal) and returns their mean.
    static func segment(
        _ x: UnsafeBufferPointer<Double>, start: Int, length: Int, into out: UnsafeMutablePointer<Double>
    ) -> Double {
        var sum = 0.0
        for i in 0..<length {
            let j = start + i
            let v = j >= 0 && j < x.count ? x[j] : 0
            out[i] = v
            sum += v
        }
        return length > 0 ? sum / Double(length) : 0
    }

    /// Hann-windowed sinc interpolation of `y` at fractional index `x`, with `depth` samples on each
    /// side; y(−k) = y(k) (autocorrelation symmetry) and y = 0 beyond the end.
    static func sincInterpolate(_ y: UnsafeBufferPointer<Double>, at x: Double, depth: Int) -> Double {
        let l = Int(x.rounded(.down))
        let frac = x - Double(l)
        if frac == 0 { return value(y, l) }
        let sPi = sin(Double.pi * frac)
        var sum = 0.0
        let lo = l - depth + 1
        let hi = l + depth
        for k in lo...hi {
            let d = x - Double(k)
            let sign: Double = (l - k) & 1 == 0 ? 1 : -1
            let sinc = sign * sPi / (Double.pi * d)
            let w = 0.5 + 0.5 * cos(Double.pi * d / (Double(depth) + 0.5))
            sum += value(y, k) * sinc * w
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

    /// Maximum of the sinc-interpolated `y` in [i − 1, i + 1] by golden-section search, starting
    /// from an integer local maximum i: (position, value).
    static func refineMaximum(_ y: UnsafeBufferPointer<Double>, near i: Int, depth: Int) -> (Double, Double) {
        let g = 0.618_033_988_749_894_8
        var a = Double(i) - 1
        var b = Double(i) + 1
        var c = b - g * (b - a)
        var d = a + g * (b - a)
        var fc = sincInterpolate(y, at: c, depth: depth)
        var fd = sincInterpolate(y, at: d, depth: depth)
        for _ in 0..<20 {
            if fc > fd {
                b = d
                d = c
                fd = fc
                c = b - g * (b - a)
                fc = sincInterpolate(y, at: c, depth: depth)
            } else {
                a = c
                c = d
                fc = fd
                d = a + g * (b - a)
                fd = sincInterpolate(y, at: d, depth: depth)
            }
        }
        let x = 0.5 * (a + b)
        let v = sincInterpolate(y, at: x, depth: depth)
        let atI = value(y, i)
        return v >= atI ? (x, v) : (Double(i), atI)
    }

    /// Smallest power of two ≥ n.
    static func powerOfTwo(atLeast n: Int) -> Int {
        var m = 1
        while m < n { m <<= 1 }
        return m
    }
}
