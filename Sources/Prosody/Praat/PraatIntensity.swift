import Foundation
import SignalCore

/// Intensity contour ("Sound: To Intensity...", Praat manual).
///
/// Frames: Kaiser window (β = 20, side lobes below −190 dB) of total length 6.4 / minimumPitch
/// (effective length 3.2 / minimumPitch), step 10 ms, centred as in `PraatFraming.layout`.
/// Per frame: L = 10·log10( Σ w_i (x_i − x̄)² / Σ w_i / (2·10⁻⁵)² ) dB, x̄ the frame mean when
/// `intensitySubtractMean` (else 0); a full-scale sine of amplitude 1 reads 90.97 dB.
/// Frames with zero power read −300 dB (Praat's floor).
/// The "energy" mean over frames is 10·log10(mean_k 10^{L_k/10}).
enum PraatIntensity {
    static func frames(_ x: [Double], rate fs: Double, parameters p: PraatParameters) -> [Double] {
        let windowS = 6.4 / p.intensityMinimumPitchHz
        let n = Int((windowS * fs).rounded(.down))
        let (count, first) = PraatFraming.layout(sampleCount: x.count, rate: fs, window: windowS, step: p.timeStepS)
        guard count > 0, n >= 3 else { return [] }
        let beta = 20.0
        let i0 = Resample.besselI0(beta)
        var w = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let r = 2 * (Double(i) + 0.5) / Double(n) - 1
            w[i] = Resample.besselI0(beta * max(0, 1 - r * r).squareRoot()) / i0
        }
        let wSum = w.reduce(0, +)
        var out = [Double](repeating: 0, count: count)
        var seg = [Double](repeating: 0, count: n)
        x.withUnsafeBufferPointer { xp in
            seg.withUnsafeMutableBufferPointer { sp in
                w.withUnsafeBufferPointer { wp in
                    for k in 0..<count {
                        let t = first + Double(k) * p.timeStepS
                        let start = PraatFraming.windowStart(centre: t, length: n, rate: fs)
                        // frames inside the signal are read in place, others through a zero-padded copy
                        let frame: UnsafePointer<Double>
                        if start >= 0 && start + n <= xp.count {
                            frame = xp.baseAddress! + start
                        } else {
                            _ = PraatFraming.segment(xp, start: start, length: n, into: sp.baseAddress!)
                            frame = UnsafePointer(sp.baseAddress!)
                        }
                        let (sx, swx, swxx) = Self.sums(frame, wp.baseAddress!, n)
                        let mean = p.intensitySubtractMean ? sx / Double(n) : 0
                        // Σ w (x − m)² = Σ w x² − 2m Σ w x + m² Σ w
                        let e = swxx - 2 * mean * swx + mean * mean * wSum
                        let power = e / wSum / 4e-10
                        out[k] = power > 1e-30 ? 10 * log10(power) : -300
                    }
                }
            }
        }
        return out
    }

    /// (Σ x_i, Σ w_i x_i, Σ w_i x_i²) over i < n, in four interleaved lanes.
    @inline(__always) static func sums(_ x: UnsafePointer<Double>, _ w: UnsafePointer<Double>, _ n: Int)
        -> (Double, Double, Double)
    {
        var a = SIMD4<Double>()
        var b = SIMD4<Double>()
        var c = SIMD4<Double>()
        var i = 0
        let xr = UnsafeRawPointer(x)
        let wr = UnsafeRawPointer(w)
        while i + 4 <= n {
            let xv = xr.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            let wv = wr.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            let wx = wv * xv
            a += xv
            b += wx
            c += wx * xv
            i += 4
        }
        var sx = a.sum()
        var swx = b.sum()
        var swxx = c.sum()
        while i < n {
            sx += x[i]
            swx += w[i] * x[i]
            swxx += w[i] * x[i] * x[i]
            i += 1
        }
        return (sx, swx, swxx)
    }

    /// Energy average of dB values: 10·log10(mean 10^{L/10}); NaN for no frames.
    static func energyMean(_ db: [Double]) -> Double {
        guard !db.isEmpty else { return .nan }
        let s = db.reduce(0) { $0 + pow(10, $1 / 10) }
        return 10 * log10(s / Double(db.count))
    }
}
