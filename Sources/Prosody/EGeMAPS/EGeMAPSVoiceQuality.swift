import Foundation
import SignalCore

/// Voice-quality descriptors per 60 ms frame, given the frame's F0 (Eyben et al. 2016, §3.1;
/// openSMILE book, cPitchJitter, cHarmonics). Unvoiced frames give 0 (−201 for the formant
/// amplitudes, openSMILE's floor), which the `nz` functionals skip.
///
/// - jitterLocal: period marks are the waveform maxima found one period apart: the first mark is
///   the largest sample in the first period, each next mark the largest sample within
///   [0.9, 1.1]·T after the previous one (T = last period, initially 1/F0), refined by parabolic
///   interpolation. With periods T_i: mean|T_i − T_{i−1}| / mean T_i (dimensionless). At least
///   three periods are needed; otherwise 0.
/// - shimmerLocaldB: mean |20·log10(A_i / A_{i−1})| over the amplitudes A_i at the marks (dB).
/// - HNRdBACF: r = autocorrelation of the Gaussian-windowed frame (non-circular, computed at the
///   lags needed); r(T0) = the peak of r within [0.9, 1.1]/F0 reached by hill-climbing from 1/F0
///   (parabolic refinement);
///   10·log10(r(T0) / (r(0) − r(T0))) dB, with r(T0) floored at 1e-10·r(0) (−100 dB).
/// - logRelF0-H1-H2, logRelF0-H1-A3: H_n = largest |X| within ±10 % of n·F0; H1-H2 =
///   20·log10(H1/H2), H1-A3 = 20·log10(H1/H_m), m = round(F3/F0) (dB).
/// - F1–F3 amplitudeLogRelF0: 20·log10(H_m/H1), m = round(F_i/F0) (dB).
enum EGeMAPSVoiceQuality {
    struct Frame {
        var jitter = 0.0
        var shimmer = 0.0
        var hnr = 0.0
        var h1h2 = 0.0
        var h1a3 = 0.0
        var formantAmplitude: [Double] = [-201, -201, -201]
    }

    static func periods(_ x: UnsafeBufferPointer<Double>, t0: Double) -> (jitter: Double, shimmer: Double) {
        let base = 0
        let n = x.count
        func peak(in range: ClosedRange<Int>) -> (pos: Double, amp: Double)? {
            let a = max(range.lowerBound, 0)
            let b = min(range.upperBound, n - 1)
            guard a <= b else { return nil }
            var i = a
            for j in a...b where x[base + j] > x[base + i] { i = j }
            var pos = Double(i)
            var amp = x[base + i]
            if i > 0, i < n - 1 {
                let y0 = x[base + i - 1]
                let y1 = x[base + i]
                let y2 = x[base + i + 1]
                let den = y0 - 2 * y1 + y2
                if den < 0 {
                    let d = min(0.5, max(-0.5, 0.5 * (y0 - y2) / den))
                    pos += d
                    amp = y1 - 0.25 * (y0 - y2) * d
                }
            }
            return (pos, amp)
        }
        guard t0 >= 2, var mark = peak(in: 0...Int(t0)) else { return (0, 0) }
        var marks = [mark]
        var t = t0
        while true {
            let a = Int((mark.pos + 0.9 * t).rounded(.up))
            let b = Int((mark.pos + 1.1 * t).rounded(.down))
            guard a <= b, b < n - 1, let next = peak(in: a...b), next.pos > mark.pos else { break }
            // The period may drift by ±10 % per step but stays within [0.8, 1.25]·T0.
            t = min(max(next.pos - mark.pos, 0.8 * t0), 1.25 * t0)
            mark = next
            marks.append(mark)
        }
        guard marks.count >= 4 else { return (0, 0) }
        var periods: [Double] = []
        for i in 1..<marks.count { periods.append(marks[i].pos - marks[i - 1].pos) }
        var dj = 0.0
        for i in 1..<periods.count { dj += abs(periods[i] - periods[i - 1]) }
        let jitter = (dj / Double(periods.count - 1)) / (periods.reduce(0, +) / Double(periods.count))
        var ds = 0.0
        var count = 0
        for i in 1..<marks.count where marks[i].amp > 0 && marks[i - 1].amp > 0 {
            ds += abs(20 * log10(marks[i].amp / marks[i - 1].amp))
            count += 1
        }
        return (jitter, count > 0 ? ds / Double(count) : 0)
    }

    static func compute(
        samples: [Double], window: [Double], hop: Int, f0: [Double], formants: [[Double]], rate: Double
    ) throws(EGeMAPSError) -> [Frame] {
        let length = window.count
        let specLength = STFT.nextPowerOfTwo(length)
        // n₀-point spectrum for the harmonic amplitudes; the autocorrelation for HNR directly at the
        // lags around the period.
        let frameFFT = try EGeMAPSFrameFFT(window: window, hop: hop, fftLength: specLength)
        let nb = specLength / 2 + 1
        let binHz = rate / Double(specLength)
        var out = [Frame](repeating: Frame(), count: f0.count)
        samples.withUnsafeBufferPointer { x in
            for k in 0..<f0.count where f0[k] > 0 {
                let start = k * hop
                let t0 = rate / f0[k]
                let end = min(x.count, start + length)
                let (j, s) = periods(UnsafeBufferPointer(rebasing: x[min(start, end)..<end]), t0: t0)
                out[k].jitter = j
                out[k].shimmer = s
                let r0 = frameFFT.windowFrame(x, frame: k)
                frameFFT.transform()
                // Harmonic amplitudes from the n₀-point magnitude spectrum.
                func harmonic(_ m: Int) -> Double {
                    let fc = Double(m) * f0[k]
                    let a = max(0, Int((0.9 * fc / binHz).rounded(.down)))
                    let b = min(nb - 1, Int((1.1 * fc / binHz).rounded(.up)))
                    guard a <= b else { return 0 }
                    var best = 0.0
                    for i in a...b { best = max(best, frameFFT.power[i]) }
                    return best.squareRoot()
                }
                let h1 = harmonic(1)
                if h1 > 0 {
                    let h2 = harmonic(2)
                    if h2 > 0 { out[k].h1h2 = 20 * log10(h1 / h2) }
                    let f = k < formants.count ? formants[k] : []
                    if f.count >= 3, f[2] > 0 {
                        let a3 = harmonic(max(1, Int((f[2] / f0[k]).rounded())))
                        if a3 > 0 { out[k].h1a3 = 20 * log10(h1 / a3) }
                    }
                    for i in 0..<3 where i < f.count && f[i] > 0 {
                        let a = harmonic(max(1, Int((f[i] / f0[k]).rounded())))
                        if a > 0 { out[k].formantAmplitude[i] = 20 * log10(a / h1) }
                    }
                }
                // HNR from the autocorrelation of the windowed frame.
                let b = min(length - 2, Int((1.1 * t0).rounded(.up)))
                let a = max(1, Int((0.9 * t0).rounded(.down)))
                if r0 > 0, a <= b {
                    let (best, rBest) = EGeMAPSFrameFFT.climb(from: Int(t0.rounded()), in: a, b) {
                        frameFFT.lagProduct($0)
                    }
                    var rt = rBest
                    let y0 = frameFFT.lagProduct(best - 1)
                    let y2 = frameFFT.lagProduct(best + 1)
                    let den = y0 - 2 * rt + y2
                    if den < 0 { rt -= 0.125 * (y0 - y2) * (y0 - y2) / den }
                    rt = min(max(rt, 1e-10 * r0), r0 * (1 - 1e-10))
                    out[k].hnr = 10 * log10(rt / (r0 - rt))
                }
            }
        }
        return out
    }
}
