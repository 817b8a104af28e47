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
///
/// Only the stretches of signal that the requested frames need are resampled: chunks covering each
/// frame's window plus `chunkMargin` input samples on both sides, starting on a multiple of the
/// reduced down-sampling factor, so that every sample used equals that of the whole-signal
/// resampling (the same filter terms in the same order; the filter reaches about ±15 input samples).
struct PraatFormantAnalyzer {
    /// A pre-emphasised, resampled stretch: its first sample's index on the resampled timeline.
    struct Chunk {
        var start: Int
        var samples: [Double]
    }

    let rate: Double
    let chunks: [Chunk]
    /// Length of the whole resampled signal (samples).
    let totalCount: Int
    let window: [Double]
    let order: Int
    static let chunkMargin = 64

    /// Prepares the resampled, pre-emphasised signal from samples `x` at `fs` Hz around the frame
    /// centres `times` (s, ascending).
    init(_ x: [Double], rate fs: Double, parameters p: PraatParameters, times: [Double]) throws(PraatError) {
        let target = 2 * p.maximumFormantHz
        let g = Self.gcd(Int(target), Int(fs))
        let up = Int(target) / g
        let down = Int(fs) / g
        rate = target
        order = 2 * p.formantCount
        let n = Int((2 * p.formantWindowS * target).rounded(.down))
        let mid = 0.5 * Double(n + 1)
        let edge = exp(-12.0)
        window = (1...max(n, 1)).map { i in
            let d = Double(i) - mid
            return (exp(-48 * d * d / Double((n + 1) * (n + 1))) - edge) / (1 - edge)
        }
        let nIn = x.count
        totalCount = nIn == 0 ? 0 : nIn * up / down + ((nIn * up) % down != 0 ? 1 : 0)
        // input ranges [lo, hi) needed by each frame window, merged
        var ranges = [(lo: Int, hi: Int)]()
        let half = 0.5 * Double(n) / target
        for t in times {
            let lo = max(0, Int(((t - half) * fs).rounded(.down)) - Self.chunkMargin)
            let hi = min(nIn, Int(((t + half) * fs).rounded(.up)) + Self.chunkMargin)
            let alignedLo = lo / down * down
            guard alignedLo < hi else { continue }
            if let last = ranges.last, alignedLo <= last.hi {
                ranges[ranges.count - 1].hi = max(last.hi, hi)
            } else {
                ranges.append((alignedLo, hi))
            }
        }
        let alpha = exp(-2 * Double.pi * p.preEmphasisFromHz / target)
        var made = [Chunk]()
        made.reserveCapacity(ranges.count)
        for r in ranges {
            var z: [Double]
            do {
                z = try Resample.poly(Array(x[r.lo..<r.hi]), up: Int(target), down: Int(fs))
            } catch {
                throw .resampling(error.description)
            }
            if z.count > 1 { for i in stride(from: z.count - 1, to: 0, by: -1) { z[i] -= alpha * z[i - 1] } }
            made.append(Chunk(start: r.lo / down * up, samples: z))
        }
        chunks = made
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// Formant frequencies and bandwidths (Hz), ascending in frequency, for the frames centred at
    /// `times` (s, each one of the `times` given to `init`), in order.
    ///
    /// `previousRoots` warm-starts the root finder with the last frame's roots (and is updated).
    /// Burg's method runs on four frames at a time (`LinearPrediction.burg(lanes:order:)`).
    func formants(at times: [Double], previousRoots: inout [(Double, Double)])
        -> [[(frequency: Double, bandwidth: Double)]]
    {
        var out = [[(frequency: Double, bandwidth: Double)]]()
        out.reserveCapacity(times.count)
        var batch = 0
        while batch < times.count {
            let end = min(times.count, batch + 4)
            let frames = times[batch..<end].map(windowedFrame)
            for a in LinearPrediction.burg(lanes: frames, order: order) {
                out.append(a.map { formants(coefficients: $0, previousRoots: &previousRoots) } ?? [])
            }
            batch = end
        }
        return out
    }

    /// Formants of the single frame centred at `t` s (see `formants(at:previousRoots:)`).
    func formants(at t: Double, previousRoots: inout [(Double, Double)]) -> [(frequency: Double, bandwidth: Double)] {
        formants(at: [t], previousRoots: &previousRoots)[0]
    }

    /// The Gaussian-windowed, pre-emphasised frame centred at `t` s (zeros beyond the signal).
    func windowedFrame(_ t: Double) -> [Double] {
        let n = window.count
        let start = PraatFraming.windowStart(centre: t, length: n, rate: rate)
        var frame = [Double](repeating: 0, count: n)
        // the chunk holding the window (the last one starting at or before it)
        var lo = 0
        var hi = chunks.count
        while hi - lo > 1 {
            let m = (lo + hi) / 2
            if chunks[m].start <= max(0, start) { lo = m } else { hi = m }
        }
        let c = chunks.isEmpty ? Chunk(start: 0, samples: []) : chunks[lo]
        c.samples.withUnsafeBufferPointer { zp in
            window.withUnsafeBufferPointer { wp in
                frame.withUnsafeMutableBufferPointer { fp in
                    for i in 0..<n {
                        let j = start + i
                        let k = j - c.start
                        fp[i] = j >= 0 && j < totalCount && k >= 0 && k < zp.count ? zp[k] * wp[i] : 0
                    }
                }
            }
        }
        return frame
    }

    /// Formants from predictor coefficients a_1…a_p (roots warm-started from `previousRoots`).
    func formants(coefficients a: [Double], previousRoots: inout [(Double, Double)])
        -> [(frequency: Double, bandwidth: Double)]
    {
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
