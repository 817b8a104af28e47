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
        guard let a = LinearPrediction.burg(frame, order: order) else { return [] }
        // z^p − a_1 z^{p−1} − … − a_p, highest power first
        var poly = [1.0]
        for k in 0..<order { poly.append(-a[k]) }
        var roots =
            previousRoots.count == order ? LinearPrediction.roots(poly, start: previousRoots, iterations: 60) : nil
        if roots == nil { roots = LinearPrediction.roots(poly, start: nil, iterations: 500) }
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
}
