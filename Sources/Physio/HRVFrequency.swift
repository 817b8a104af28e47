import Foundation
import SignalCore

/// Frequency-domain HRV (Task Force 1996 bands) with NeuroKit2 names, powers in ms².
///
/// Bands (Hz, lower edge included, upper excluded): ULF [0, 0.0033), VLF [0.0033, 0.04),
/// LF [0.04, 0.15), HF [0.15, 0.4), VHF [0.4, 0.5). Band power = trapezoidal integral of the
/// one-sided PSD (ms²/Hz) over the PSD bins inside the band (NaN when fewer than 2 bins, i.e. the
/// series is too short for that band). `HRV_TP` = sum of the five bands, `HRV_LFHF` = LF/HF,
/// `HRV_LFn` = LF/TP, `HRV_HFn` = HF/TP (NeuroKit2's normalisation by TP including ULF/VLF/VHF,
/// not the Task Force's LF/(TP − VLF)), `HRV_LnHF` = ln(HF).
///
/// Tachogram: intervals placed at the cumulative times Tᵢ = Σⱼ≤ᵢ xⱼ/1000 s, resampled on
/// T₀, T₀ + 1/fᵢ, … ≤ Tₙ + 1/fᵢ.
///
/// Methods:
/// - `.welch` (default): 4 Hz not-a-knot cubic spline tachogram, mean removed, Welch PSD
///   (Hann, segments of `welchSegmentSeconds` = 240 s or the whole series if shorter, 50 % overlap,
///   FFT length twice the segment, constant detrend, density scaling, mean averaging).
/// - `.welchNeuroKit`: NeuroKit2 0.2.13 `hrv_frequency` exactly: 100 Hz quadratic spline
///   tachogram (`interp1d(kind="quadratic")`), mean removed, Welch with segment
///   ⌊min(2/f_min·fs, N/2)⌋ where f_min = 2·fs/(N/2), FFT length 2 × segment, Hann, no detrend,
///   density, mean; PSD kept for f_min ≤ f ≤ 0.5 Hz.
/// - `.lombScargle`: Lomb–Scargle periodogram of the raw (uneven) series with its mean removed,
///   on the grid fₖ = k/(4T), k ≥ 1, up to 0.5 Hz (T = total duration in s), converted to a
///   one-sided density S(f) = 2·P(f)·T/N (P the classic periodogram, SignalCore `.power`), which
///   equals the periodogram density for even sampling.
public enum HRVFrequency {
    public enum Method: String, Codable, Sendable, CaseIterable {
        case welch
        case welchNeuroKit = "welch_neurokit"
        case lombScargle = "lomb"
    }

    /// Band edges in Hz.
    public static let bands: [(String, Double, Double)] = [
        ("HRV_ULF", 0, 0.0033), ("HRV_VLF", 0.0033, 0.04), ("HRV_LF", 0.04, 0.15), ("HRV_HF", 0.15, 0.4),
        ("HRV_VHF", 0.4, 0.5),
    ]

    /// Frequency-domain features. Needs at least 4 intervals.
    public static func features(_ rr: RRSeries, method: Method = .welch, welchSegmentSeconds: Double = 240)
        throws(PhysioError) -> [PhysioFeature]
    {
        let x = rr.intervalsMs
        guard x.count >= 4 else {
            throw .notEnough(what: "intervals for frequency-domain HRV", count: x.count, needed: 4)
        }
        try requirePositiveParameter(welchSegmentSeconds, "welchSegmentSeconds")
        let (f, p) = try psd(x, method: method, welchSegmentSeconds: welchSegmentSeconds)
        var out: [PhysioFeature] = []
        var tp = 0.0
        var powers: [Double] = []
        for (name, lo, hi) in bands {
            var xs: [Double] = []
            var ys: [Double] = []
            for k in f.indices where f[k] >= lo && f[k] < hi {
                xs.append(f[k])
                ys.append(p[k])
            }
            var power = 0.0
            if xs.count >= 2 { for k in 1..<xs.count { power += (xs[k] - xs[k - 1]) * (ys[k] + ys[k - 1]) / 2 } }
            let v = power == 0 ? Double.nan : power
            powers.append(v)
            if !v.isNaN { tp += v }
            out.append(.init(name, v, reason: "series too short to resolve this band"))
        }
        let lf = powers[2]
        let hf = powers[3]
        out.append(.init("HRV_TP", tp))
        out.append(.init("HRV_LFHF", lf / hf, reason: "LF or HF undefined"))
        out.append(.init("HRV_LFn", lf / tp, reason: "LF undefined"))
        out.append(.init("HRV_HFn", hf / tp, reason: "HF undefined"))
        out.append(.init("HRV_LnHF", log(hf), reason: "HF undefined"))
        return out
    }

    /// The PSD (Hz, ms²/Hz) used by `features`.
    public static func psd(_ x: [Double], method: Method, welchSegmentSeconds: Double = 240) throws(PhysioError)
        -> (frequencies: [Double], power: [Double])
    {
        var t = [Double](repeating: 0, count: x.count)
        var acc = 0.0
        for i in x.indices {
            acc += x[i] / 1000
            t[i] = acc
        }
        switch method {
        case .lombScargle:
            let mean = Stats.mean(x)
            let y = x.map { $0 - mean }
            let duration = t[t.count - 1] - t[0]
            guard duration > 0 else { throw .invalidInput(what: "RR series", reason: "zero duration") }
            let df = 1 / (4 * duration)
            let count = Int((0.5 / df).rounded(.down))
            let freqs = (1...max(count, 1)).map { Double($0) * df }
            let p = try signalCore { () throws(SignalError) in
                try LombScargle.periodogram(times: t, values: y, frequencies: freqs, normalization: .power)
            }
            let scale = 2 * duration / Double(x.count)
            return (freqs, p.map { $0 * scale })
        case .welch:
            let fs = 4.0
            let grid = arange(t[0], t[t.count - 1] + 1 / fs, 1 / fs)
            var y = try signalCore { () throws(SignalError) in
                try Interpolation.cubicNotAKnot.evaluate(t: t, y: x, at: grid)
            }
            let mean = Stats.mean(y)
            for i in y.indices { y[i] -= mean }
            let seg = min(y.count, Int(welchSegmentSeconds * fs))
            return try welch(y, fs: fs, segment: seg, detrend: .constant)
        case .welchNeuroKit:
            let fs = 100.0
            let grid = arange(t[0], t[t.count - 1] + 1 / fs, 1 / fs)
            guard let spline = QuadraticSpline(x: t, y: x) else {
                throw .invalidInput(what: "RR series", reason: "needs at least 3 intervals with increasing times")
            }
            var y = spline.evaluate(grid)
            let mean = Stats.mean(y)
            for i in y.indices { y[i] -= mean }
            let n = Double(y.count)
            let fmin = (2 * fs) / (n / 2)
            var seg = Int((2 / fmin) * fs)
            if Double(seg) > n / 2 { seg = Int(n / 2) }
            let (f, p) = try welch(y, fs: fs, segment: seg, detrend: .none)
            let keep = f.indices.filter { f[$0] >= fmin && f[$0] <= 0.5 }
            return (keep.map { f[$0] }, keep.map { p[$0] })
        }
    }

    static func welch(_ y: [Double], fs: Double, segment: Int, detrend: Welch.Detrend) throws(PhysioError)
        -> ([Double], [Double])
    {
        guard segment >= 2 else { throw .notEnough(what: "tachogram samples", count: y.count, needed: 2) }
        let signal = try signalCore { () throws(SignalError) in try Signal(samples: y, sampleRate: fs) }
        let w = try signalCore { () throws(SignalError) in
            try Welch(segmentLength: segment, fftLength: 2 * segment, window: .hann, detrend: detrend)
        }
        let r = try signalCore { () throws(SignalError) in try w.psd(signal) }
        return (r.frequencies, r.power)
    }

    /// numpy `arange(start, stop, step)`: ⌈(stop − start)/step⌉ values start + i·step.
    static func arange(_ start: Double, _ stop: Double, _ step: Double) -> [Double] {
        let n = max(0, Int(((stop - start) / step).rounded(.up)))
        return (0..<n).map { start + Double($0) * step }
    }
}
