import Foundation
import SignalCore

/// Formant frequencies and bandwidths by Burg linear prediction (Eyben et al. 2016, Table 1:
/// F1–F3 centre frequency and F1–F3 bandwidth; method as Praat's "To Formant (burg)").
///
/// The 16 kHz signal is resampled to 11 kHz (`Resample.poly(up: 11, down: 16)`; only the stretches
/// around voiced frames, with the same samples as resampling the whole signal), pre-emphasised
/// from 50 Hz (y_n = x_n − e^{−2π·50/11000}·x_{n−1}); a 50 ms Gaussian frame (σ = 0.204 of half
/// the frame, i.e. exp(−48 t²/L²), Praat's window of effective length 25 ms) centred on each 60 ms
/// voice frame's centre (k·hop + 30 ms) gives Burg coefficients a_1…a_p (p = `lpcOrder`). The roots
/// z of z^p + a_1 z^{p−1} + … + a_p (Durand–Kerner iteration) with Im z > 0 give
/// F = arg(z)·fs/(2π) and B = −ln|z|·fs/π Hz; roots with F in (50, fs/2 − 50) Hz are sorted by
/// frequency and the first three are F1–F3. Only voiced frames are analysed (eGeMAPS uses formants
/// of voiced frames only); unvoiced frames give 0. Frames with zero energy or fewer than three such
/// roots give 0 for the missing formants. Output per frame: [F1, F2, F3] and [B1, B2, B3] in Hz.
enum EGeMAPSFormants {
    static let rate = 11000.0

    static func compute(samples16k: [Double], frames: Int, hop: Int, voiced: [Bool], parameters p: EGeMAPSParameters)
        throws(EGeMAPSError) -> (freq: [[Double]], bw: [[Double]])
    {
        let alpha = exp(-2 * Double.pi * 50 / rate)
        let length = Int((0.050 * rate).rounded())
        let window = (try? Window.make(.gaussian(sigma: 0.204), length: length, symmetry: .symmetric)) ?? []
        var freq = [[Double]](repeating: [0, 0, 0], count: frames)
        var bw = [[Double]](repeating: [0, 0, 0], count: frames)
        var buf = [Double](repeating: 0, count: length)
        let n16 = samples16k.count
        let n11 = (n16 * 11 + 15) / 16  // length of the whole resampled signal
        func start11(_ k: Int) -> Int {
            let centre16 = Double(k * hop) + 0.5 * p.voiceFrameSeconds * p.analysisRate
            return Int((centre16 * 11 / 16).rounded()) - length / 2
        }
        // Only the stretches around voiced frames are resampled. A chunk starts at a 16 kHz sample
        // that is a multiple of 16 (11 kHz sample 11·q), so its output samples are those of the whole
        // resampled signal; 64 samples of margin on each side cover the filter's reach (±15 input samples).
        let margin = 64
        var k = 0
        while k < frames {
            guard k < voiced.count, voiced[k] else {
                k += 1
                continue
            }
            var end = k
            var j = k + 1
            while j < min(frames, voiced.count), j - end <= 8 {
                if voiced[j] { end = j }
                j += 1
            }
            let q0 = max(0, (start11(k) - 1 - margin) / 11)
            let first11 = 11 * q0
            let i0 = 16 * q0
            let last11 = start11(end) + length + margin
            let i1 = min(n16, 16 * ((last11 + 10) / 11) + 16)
            guard i0 < i1 else { break }
            let y: [Double]
            do { y = try Resample.poly(Array(samples16k[i0..<i1]), up: 11, down: 16) } catch { throw .signal(error) }
            // Whole-signal index m ↔ chunk index m − first11; valid up to the chunk's interior end
            // (or the signal's end when the chunk reaches it).
            let validEnd = i1 == n16 ? min(n11, first11 + y.count) : first11 + y.count - margin
            func pre(_ m: Int) -> Double {
                guard m >= 0, m < validEnd, m - first11 < y.count else { return 0 }
                let i = m - first11
                return y[i] - (m > 0 && i > 0 ? alpha * y[i - 1] : 0)
            }
            var previousRoots: [(Double, Double)]?
            for f in k...end where voiced[f] {
                let start = start11(f)
                var energy = 0.0
                for t in 0..<length {
                    buf[t] = pre(start + t) * window[t]
                    energy += buf[t] * buf[t]
                }
                guard energy > 1e-14, let d = LinearPrediction.burg(buf, order: p.lpcOrder) else {
                    previousRoots = nil
                    continue
                }
                // Roots from the previous frame's (few iterations), else from the circle.
                let poly = LinearPrediction.predictionPolynomial(d)
                guard
                    let roots = previousRoots.flatMap({ LinearPrediction.roots(poly, start: $0, iterations: 60) })
                        ?? LinearPrediction.roots(poly, start: nil, iterations: 500)
                else {
                    previousRoots = nil
                    continue
                }
                previousRoots = roots
                var found: [(Double, Double)] = []
                for z in roots where z.1 > 0 {
                    let fz = atan2(z.1, z.0) * rate / (2 * Double.pi)
                    let r = (z.0 * z.0 + z.1 * z.1).squareRoot()
                    guard fz > 50, fz < rate / 2 - 50, r > 0 else { continue }
                    found.append((fz, -log(r) * rate / Double.pi))
                }
                found.sort { $0.0 < $1.0 }
                for i in 0..<min(3, found.count) {
                    freq[f][i] = found[i].0
                    bw[f][i] = found[i].1
                }
            }
            k = j
        }
        return (freq, bw)
    }
}
