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
                for k in 0..<count {
                    let t = first + Double(k) * p.timeStepS
                    let start = PraatFraming.windowStart(centre: t, length: n, rate: fs)
                    let m = PraatFraming.segment(xp, start: start, length: n, into: sp.baseAddress!)
                    let mean = p.intensitySubtractMean ? m : 0
                    // Σ w (x − m)² = Σ w x² − 2m Σ w x + m² Σ w, four partial sums per term
                    var e0 = 0.0
                    var e1 = 0.0
                    var e2 = 0.0
                    var e3 = 0.0
                    var l0 = 0.0
                    var l1 = 0.0
                    var i = 0
                    w.withUnsafeBufferPointer { wp in
                        while i + 2 <= n {
                            let a = sp[i]
                            let b = sp[i + 1]
                            e0 += wp[i] * a * a
                            e1 += wp[i + 1] * b * b
                            l0 += wp[i] * a
                            l1 += wp[i + 1] * b
                            i += 2
                        }
                        while i < n {
                            e2 += wp[i] * sp[i] * sp[i]
                            e3 += wp[i] * sp[i]
                            i += 1
                        }
                    }
                    let e = (e0 + e1 + e2) - 2 * mean * (l0 + l1 + e3) + mean * mean * wSum
                    let power = e / wSum / 4e-10
                    out[k] = power > 1e-30 ? 10 * log10(power) : -300
                }
            }
        }
        return out
    }

    /// Energy average of dB values: 10·log10(mean 10^{L/10}); NaN for no frames.
    static func energyMean(_ db: [Double]) -> Double {
        guard !db.isEmpty else { return .nan }
        let s = db.reduce(0) { $0 + pow(10, $1 / 10) }
        return 10 * log10(s / Double(db.count))
    }
}
