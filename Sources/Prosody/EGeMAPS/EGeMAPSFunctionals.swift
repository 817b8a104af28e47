import Foundation
import SignalCore

/// The functionals of eGeMAPS v02 (Eyben et al. 2016, §3.2; openSMILE book, cFunctionals).
///
/// For a contour x_1…x_n (the non-zero values only, concatenated, for `nz` contours):
/// - amean = Σx/n; stddevNorm = σ/amean with the population σ (ddof 0), signed as the mean;
/// - percentile20.0/50.0/80.0: linear interpolation between order statistics (numpy "linear");
///   pctlrange0-2 = p80 − p20;
/// - extrema by hysteresis: a maximum is confirmed once the contour falls more than
///   δ = 0.1·(max − min) below it, a minimum once it rises more than δ above it; a rising slope
///   is (x_max − x_min)/(t_max − t_min) from a minimum to the next maximum, a falling slope the
///   magnitude of the same from a maximum to the next minimum, t in seconds (frame index × hop);
///   meanRisingSlope, stddevRisingSlope (population), meanFallingSlope, stddevFallingSlope;
/// - loudnessPeaksPerSec = number of confirmed loudness maxima / duration;
/// - voiced (unvoiced) segments are maximal runs of frames with F0 > 0 (= 0); lengths in seconds;
///   VoicedSegmentsPerSec = count / duration, Mean/Stddev (population) of the lengths;
/// - equivalentSoundLevel_dBp = 10·log10(mean_t rms_t²) over all 20 ms frames.
/// A functional of an empty set (e.g. F0 of a file without voiced frames) is NaN, with a note.
enum EGeMAPSFunctionals {
    static func mean(_ x: [Double]) -> Double { x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count) }

    static func stddevNorm(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return .nan }
        let m = mean(x)
        return Stats.sd(x, ddof: 0) / m
    }

    /// Hysteresis extrema: (index, isMaximum) in time order.
    static func extrema(_ x: [Double], relative: Double) -> [(Int, Bool)] {
        guard x.count >= 2, let lo = x.min(), let hi = x.max(), hi > lo else { return [] }
        let delta = relative * (hi - lo)
        var out: [(Int, Bool)] = []
        var mode = 0  // 0 unknown, 1 looking for a maximum, −1 looking for a minimum
        var iMax = 0
        var iMin = 0
        for t in 1..<x.count {
            if x[t] > x[iMax] { iMax = t }
            if x[t] < x[iMin] { iMin = t }
            if mode >= 0, x[iMax] - x[t] > delta {
                out.append((iMax, true))
                mode = -1
                iMin = t
            } else if mode <= 0, x[t] - x[iMin] > delta {
                out.append((iMin, false))
                mode = 1
                iMax = t
            }
        }
        return out
    }

    static func slopes(_ x: [Double], hop: Double, relative: Double) -> [Double] {
        let e = extrema(x, relative: relative)
        var rising: [Double] = []
        var falling: [Double] = []
        for i in 1..<max(1, e.count) {
            let (a, aMax) = e[i - 1]
            let (b, bMax) = e[i]
            let s = (x[b] - x[a]) / (Double(b - a) * hop)
            if !aMax && bMax { rising.append(s) }
            if aMax && !bMax { falling.append(-s) }
        }
        func sd(_ v: [Double]) -> Double { v.isEmpty ? .nan : Stats.sd(v, ddof: 0) }
        return [mean(rising), sd(rising), mean(falling), sd(falling)]
    }

    static func full(_ x: [Double], hop: Double, relative: Double) -> [Double] {
        let p = x.isEmpty ? [Double.nan, .nan, .nan] : Stats.percentiles(x, [20, 50, 80])
        return [mean(x), stddevNorm(x), p[0], p[1], p[2], p[2] - p[0]] + slopes(x, hop: hop, relative: relative)
    }

    static func runs(_ voiced: [Bool], hop: Double) -> (voiced: [Double], unvoiced: [Double]) {
        var v: [Double] = []
        var u: [Double] = []
        var i = 0
        while i < voiced.count {
            var j = i
            while j + 1 < voiced.count, voiced[j + 1] == voiced[i] { j += 1 }
            let len = Double(j - i + 1) * hop
            if voiced[i] { v.append(len) } else { u.append(len) }
            i = j + 1
        }
        return (v, u)
    }
}
