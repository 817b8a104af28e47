import Foundation
import SignalCore

/// Formant frequencies and bandwidths by Burg linear prediction (Eyben et al. 2016, Table 1:
/// F1–F3 centre frequency and F1–F3 bandwidth; method as Praat's "To Formant (burg)").
///
/// The 16 kHz signal is resampled to 11 kHz (`Resample.poly(up: 11, down: 16)`), pre-emphasised
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
        let x: [Double]
        do { x = try Resample.poly(samples16k, up: 11, down: 16) } catch { throw .signal(error) }
        let alpha = exp(-2 * Double.pi * 50 / rate)
        var pre = [Double](repeating: 0, count: x.count)
        for i in x.indices { pre[i] = x[i] - (i > 0 ? alpha * x[i - 1] : 0) }
        let length = Int((0.050 * rate).rounded())
        let window = (try? Window.make(.gaussian(sigma: 0.204), length: length, symmetry: .symmetric)) ?? []
        var freq = [[Double]](repeating: [0, 0, 0], count: frames)
        var bw = [[Double]](repeating: [0, 0, 0], count: frames)
        var buf = [Double](repeating: 0, count: length)
        for k in 0..<frames where k < voiced.count && voiced[k] {
            let centre16 = Double(k * hop) + 0.5 * p.voiceFrameSeconds * p.analysisRate
            let start = Int((centre16 * 11 / 16).rounded()) - length / 2
            var energy = 0.0
            for t in 0..<length {
                let i = start + t
                buf[t] = i >= 0 && i < pre.count ? pre[i] * window[t] : 0
                energy += buf[t] * buf[t]
            }
            guard energy > 1e-14 else { continue }
            guard let d = LinearPrediction.burg(buf, order: p.lpcOrder),
                let roots = LinearPrediction.roots(
                    LinearPrediction.predictionPolynomial(d), start: nil, iterations: 500)
            else { continue }
            var found: [(Double, Double)] = []
            for z in roots where z.1 > 0 {
                let f = atan2(z.1, z.0) * rate / (2 * Double.pi)
                let r = (z.0 * z.0 + z.1 * z.1).squareRoot()
                guard f > 50, f < rate / 2 - 50, r > 0 else { continue }
                found.append((f, -log(r) * rate / Double.pi))
            }
            found.sort { $0.0 < $1.0 }
            for i in 0..<min(3, found.count) {
                freq[k][i] = found[i].0
                bw[k][i] = found[i].1
            }
        }
        return (freq, bw)
    }
}
