import Foundation
import SignalCore

/// R-peak detectors, named after their papers, each followed by fiducial refinement to the local
/// extremum of the cleaned ECG.
///
/// - `pantompkins1985` (Pan & Tompkins 1985, IEEE TBME 32:230): 5–15 Hz band-pass, derivative,
///   squaring, causal 150 ms moving-window integration (MWI); MWI peaks ≥ 200 ms apart are accepted
///   above I1 = NPKI + 0.25·(SPKI − NPKI) with running estimates SPKI/NPKI (weights 1/8), thresholds
///   learnt over the first 2 s (SPKI = max/3, NPKI = mean/2), and search-back at 0.5·I1 when an
///   interval exceeds 1.66 × the mean of the last 8 (Hamilton & Tompkins 1986). The R peak is the
///   extremum in the 250 ms before the MWI peak (the integrator delays the QRS).
/// - `elgendi2010` (Elgendi, Jonkman & De Boer 2010, BIOSIGNALS 428–431): 8–20 Hz band-pass,
///   squaring, two centred moving averages (QRS 97 ms, beat 611 ms); blocks where
///   MA_QRS > MA_beat + 0.08·mean(y²) and at least 97 ms long are QRS complexes; the R peak is the
///   extremum within 60 ms of the block's energy maximum.
/// - `makowski2021` (default; Makowski et al. 2021, NeuroKit2, Behav Res Methods 53:1689 — the
///   `neurokit` method): absolute gradient of the cleaned ECG smoothed over 100 ms against its
///   750 ms average × 1.5 gives QRS blocks; blocks shorter than 0.4 × the mean block length are
///   dropped, and blocks closer than 300 ms to the previous beat are merged; the R peak is the
///   extremum within 60 ms of the block's steepest slope (block widened by 50 ms each side).
///
/// Refinement (all methods): the polarity of the QRS (upright or inverted) is decided once per
/// recording from the median sizes of maxima and minima (relative to the window median) around the
/// candidates; each beat moves to the extremum of that polarity in its search window of the cleaned
/// ECG (as wfdb `correct_peaks`), unless its opposite deflection is more than twice as large (an
/// inverted ectopic QRS), which it then takes.
/// Beats closer than 200 ms keep the larger one. Output: sample indices, increasing.
public enum ECGDetector: String, Codable, Sendable, CaseIterable {
    case pantompkins1985
    case elgendi2010
    case makowski2021

    /// The default detector.
    public static let standard = ECGDetector.makowski2021

    /// R-peak sample indices in `cleaned` (the output of `ECGCleaning.apply`).
    public func detect(_ cleaned: Signal) throws(PhysioError) -> [Int] {
        let fs = cleaned.sampleRate
        let x = cleaned.samples
        try requireFiniteInput(x, what: "ECG")
        guard Double(x.count) >= 2 * fs else {
            throw .notEnough(what: "ECG samples (2 s)", count: x.count, needed: Int((2 * fs).rounded(.up)))
        }
        guard fs >= 50 else {
            throw .invalidParameter(name: "sample rate", value: "\(fs) Hz", expected: "≥ 50 Hz for R-peak detection")
        }
        let windows: [(Int, Int, Int?)]
        switch self {
        case .pantompkins1985: windows = try Self.panTompkins(x, fs)
        case .elgendi2010: windows = try Self.elgendi(x, fs)
        case .makowski2021: windows = Self.gradient(x, fs)
        }
        return Self.refine(windows, x, fs)
    }

    // MARK: Pan & Tompkins 1985

    static func panTompkins(_ x: [Double], _ fs: Double) throws(PhysioError) -> [(Int, Int, Int?)] {
        let bp = try signalCore { () throws(SignalError) in
            try Butterworth.design(order: 1, band: .bandpass(lowHz: 5, highHz: min(15, 0.45 * fs)), sampleRate: fs)
        }
        let f = try signalCore { () throws(SignalError) in try SOSFilter.filtfilt(bp, x) }
        var sq = [Double](repeating: 0, count: f.count)
        for i in 1..<f.count {
            let d = (f[i] - f[i - 1]) * fs
            sq[i] = d * d
        }
        let mwi = causalMovingAverage(sq, Int((0.15 * fs).rounded()))
        let cand = Peaks.localMaxima(mwi)
        let learn = min(mwi.count, Int(2 * fs))
        var spki = (mwi[0..<learn].max() ?? 0) / 3
        var npki = Stats.mean(Array(mwi[0..<learn])) / 2
        let minDist = Int(0.2 * fs)
        let minMissed = Int(0.25 * fs)
        var beats: [Int] = []
        var lastPeak = -Int.max / 2
        var lastIndex = -1
        for (index, p) in cand.enumerated() {
            let v = mwi[p]
            let i1 = npki + 0.25 * (spki - npki)
            if v > i1 && p > lastPeak + minDist {
                beats.append(p)
                if beats.count > 9 {
                    let rrAve = Double(beats[beats.count - 2] - beats[beats.count - 10]) / 8
                    if Double(p - lastPeak) > 1.66 * rrAve {
                        let missed = cand[(lastIndex + 1)..<index].filter {
                            $0 > lastPeak + minMissed && $0 < p - minMissed && mwi[$0] > 0.5 * i1
                        }
                        if let best = missed.max(by: { mwi[$0] < mwi[$1] }) {
                            beats[beats.count - 1] = best
                            beats.append(p)
                        }
                    }
                }
                lastPeak = p
                lastIndex = index
                spki = 0.125 * v + 0.875 * spki
            } else {
                npki = 0.125 * v + 0.875 * npki
            }
        }
        let back = Int(0.25 * fs)
        let ahead = Int(0.02 * fs)
        return beats.map { ($0 - back, $0 + ahead, nil) }
    }

    // MARK: Elgendi et al. 2010

    static func elgendi(_ x: [Double], _ fs: Double) throws(PhysioError) -> [(Int, Int, Int?)] {
        let bp = try signalCore { () throws(SignalError) in
            try Butterworth.design(order: 3, band: .bandpass(lowHz: 8, highHz: min(20, 0.45 * fs)), sampleRate: fs)
        }
        let f = try signalCore { () throws(SignalError) in try SOSFilter.filtfilt(bp, x) }
        let y = f.map { $0 * $0 }
        let w1 = max(1, Int((0.097 * fs).rounded()))
        let w2 = max(1, Int((0.611 * fs).rounded()))
        let maQRS = centredMovingAverage(y, w1)
        let maBeat = centredMovingAverage(y, w2)
        let offset = 0.08 * Stats.mean(y)
        var windows: [(Int, Int, Int?)] = []
        var start = -1
        for i in 0...y.count {
            let inside = i < y.count && maQRS[i] > maBeat[i] + offset
            if inside && start < 0 { start = i }
            if !inside && start >= 0 {
                if i - start >= w1 {
                    let centre = (start..<i).max { y[$0] < y[$1] }
                    windows.append((start, i - 1, centre))
                }
                start = -1
            }
        }
        return windows
    }

    // MARK: Makowski et al. 2021 (NeuroKit2 gradient method)

    static func gradient(_ x: [Double], _ fs: Double) -> [(Int, Int, Int?)] {
        let n = x.count
        var g = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let d: Double
            if i == 0 {
                d = x[1] - x[0]
            } else if i == n - 1 {
                d = x[n - 1] - x[n - 2]
            } else {
                d = (x[i + 1] - x[i - 1]) / 2
            }
            g[i] = abs(d)
        }
        let smooth = centredMovingAverage(g, max(1, Int((0.1 * fs).rounded())))
        let avg = centredMovingAverage(smooth, max(1, Int((0.75 * fs).rounded())))
        var blocks: [(Int, Int)] = []
        var start = -1
        for i in 0...n {
            let inside = i < n && smooth[i] > 1.5 * avg[i]
            if inside && start < 0 { start = i }
            if !inside && start >= 0 {
                blocks.append((start, i - 1))
                start = -1
            }
        }
        guard !blocks.isEmpty else { return [] }
        let meanLen = Double(blocks.reduce(0) { $0 + $1.1 - $1.0 }) / Double(blocks.count)
        let pad = Int(0.05 * fs)
        return blocks.filter { Double($0.1 - $0.0) >= 0.4 * meanLen }.map { b in
            (b.0 - pad, b.1 + pad, (b.0...b.1).max { g[$0] < g[$1] })
        }
    }

    // MARK: Refinement

    static func refine(_ windows: [(Int, Int, Int?)], _ x: [Double], _ fs: Double) -> [Int] {
        let n = x.count
        let radius = Int(0.06 * fs)
        let clipped = windows.compactMap { w -> (Int, Int)? in
            var a = max(0, w.0)
            var b = min(n - 1, w.1)
            if let c = w.2 {
                a = max(a, c - radius)
                b = min(b, c + radius)
            }
            return a <= b ? (a, b) : nil
        }
        guard !clipped.isEmpty else { return [] }
        var ups: [Double] = []
        var downs: [Double] = []
        for (a, b) in clipped {
            let seg = x[a...b]
            let mid = Stats.median(Array(seg))
            ups.append((seg.max() ?? mid) - mid)
            downs.append(mid - (seg.min() ?? mid))
        }
        let polarity: Double = Stats.median(ups) >= Stats.median(downs) ? 1 : -1
        var peaks: [Int] = []
        let refractory = Int(0.2 * fs)
        for (k, (a, b)) in clipped.enumerated() {
            // A beat whose opposite deflection is more than twice as large (an ectopic beat with
            // inverted QRS) takes that deflection instead.
            let own: Double
            if polarity > 0 { own = downs[k] > 2 * ups[k] ? -1 : 1 } else { own = ups[k] > 2 * downs[k] ? 1 : -1 }
            var best = a
            for i in a...b where own * x[i] > own * x[best] { best = i }
            if let last = peaks.last, best - last < refractory {
                if abs(x[best]) > abs(x[last]) { peaks[peaks.count - 1] = best }
                continue
            }
            if let last = peaks.last, best <= last { continue }
            peaks.append(best)
        }
        return peaks
    }
}

/// Causal moving average: yᵢ = mean(x[max(0, i−w+1)…i]) (the first w−1 outputs average what exists).
func causalMovingAverage(_ x: [Double], _ w: Int) -> [Double] {
    var out = [Double](repeating: 0, count: x.count)
    var acc = 0.0
    for i in x.indices {
        acc += x[i]
        if i >= w { acc -= x[i - w] }
        out[i] = acc / Double(min(i + 1, w))
    }
    return out
}

/// Centred moving average over w samples (window [i − ⌊w/2⌋, i − ⌊w/2⌋ + w − 1], truncated and
/// renormalised at the edges), by prefix sums.
func centredMovingAverage(_ x: [Double], _ w: Int) -> [Double] {
    let n = x.count
    var prefix = [Double](repeating: 0, count: n + 1)
    for i in 0..<n { prefix[i + 1] = prefix[i] + x[i] }
    let half = w / 2
    var out = [Double](repeating: 0, count: n)
    for i in 0..<n {
        let a = max(0, i - half)
        let b = min(n, i - half + w)
        out[i] = (prefix[b] - prefix[a]) / Double(b - a)
    }
    return out
}
