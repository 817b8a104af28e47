import Foundation

/// Jitter and shimmer from glottal pulses (Praat manual "Voice 2. Jitter", "Voice 3. Shimmer").
///
/// Periods T_i = t_{i+1} − t_i are used only when shortest ≤ T_i ≤ longest; a group of consecutive
/// periods (2 for local/ddp, 3 for rap/apq3, 5 for ppq5/apq5, 11 for apq11) is used only when every
/// period in it is usable and each ratio of neighbouring periods is ≤ the maximum period factor
/// (for shimmer also each ratio of neighbouring amplitudes ≤ the maximum amplitude factor).
/// With T̄ the mean of the usable periods and Ā the mean of their amplitudes:
/// - jitter local = mean|T_i − T_{i−1}| / T̄; local, absolute = mean|T_i − T_{i−1}| (s);
///   rap = mean|T_i − (T_{i−1} + T_i + T_{i+1})/3| / T̄; ppq5 = the same over 5 periods;
///   ddp = mean|(T_{i+1} − T_i) − (T_i − T_{i−1})| / T̄.
/// - shimmer local = mean|A_i − A_{i−1}| / Ā; local dB = mean|20 log10(A_i / A_{i−1})|;
///   apq3, apq5, apq11 = mean|A_i − mean of the 3, 5, 11 amplitudes centred on i| / Ā;
///   dda = mean|(A_{i+1} − A_i) − (A_i − A_{i−1})| / Ā.
/// A_i is the amplitude at pulse i+1 (the pulse that ends period i): the Hann-windowed RMS of the
/// waveform over [t − 0.2·T_left, t + 0.2·T_right] around the pulse (an asymmetric Hann window
/// reaching zero at both ends), i.e. a smoothed local peak amplitude.
/// Ratios are fractions (Praat prints them as %). Undefined (NaN) when no group qualifies.
struct PraatPerturbation {
    var jitterLocal = Double.nan
    var jitterLocalAbsolute = Double.nan
    var jitterRap = Double.nan
    var jitterPpq5 = Double.nan
    var jitterDdp = Double.nan
    var shimmerLocal = Double.nan
    var shimmerLocalDB = Double.nan
    var shimmerApq3 = Double.nan
    var shimmerApq5 = Double.nan
    var shimmerApq11 = Double.nan
    var shimmerDda = Double.nan

    /// Measures from pulse times `t` (s, sample j at (j + ½)/fs) and the waveform `x` at `fs` Hz.
    init(pulses t: [Double], samples x: [Double], rate fs: Double, parameters p: PraatParameters) {
        let n = t.count - 1
        guard n >= 2 else { return }
        var period = [Double](repeating: 0, count: n)
        var usable = [Bool](repeating: false, count: n)
        var amp = [Double](repeating: 0, count: n)
        for i in 0..<n {
            period[i] = t[i + 1] - t[i]
            usable[i] = period[i] >= p.shortestPeriodS && period[i] <= p.longestPeriodS
            if usable[i] {
                // Hann-windowed RMS around pulse i+1 over [t − 0.2·T_left, t + 0.2·T_right]
                let tc = t[i + 1]
                let tl = tc - 0.2 * period[i]
                let tr = tc + 0.2 * (i + 2 < t.count ? t[i + 2] - t[i + 1] : period[i])
                let a = max(0, Int((tl * fs - 0.5).rounded(.up)))
                let b = min(x.count - 1, Int((tr * fs - 0.5).rounded(.down)))
                var sw = 0.0
                var sxx = 0.0
                if a <= b {
                    for j in a...b {
                        let tj = (Double(j) + 0.5) / fs
                        let halfWidth = tj < tc ? tc - tl : tr - tc
                        let w = 0.5 + 0.5 * cos(Double.pi * (tj - tc) / halfWidth)
                        sw += w
                        sxx += w * x[j] * x[j]
                    }
                }
                amp[i] = sw > 0 ? (sxx / sw).squareRoot() : 0
                if !(amp[i] > 0) { usable[i] = false }
            }
        }
        let usedPeriods = (0..<n).filter { usable[$0] }
        guard !usedPeriods.isEmpty else { return }
        let meanT = usedPeriods.reduce(0) { $0 + period[$1] } / Double(usedPeriods.count)
        let meanA = usedPeriods.reduce(0) { $0 + amp[$1] } / Double(usedPeriods.count)

        /// Whether periods i−h…i+h (within bounds) form a usable group.
        func group(_ i: Int, _ h: Int, amplitudes: Bool) -> Bool {
            guard i - h >= 0, i + h < n else { return false }
            for j in (i - h)...(i + h) where !usable[j] { return false }
            if h == 0 { return true }
            for j in (i - h)..<(i + h) {
                let r = period[j] > period[j + 1] ? period[j] / period[j + 1] : period[j + 1] / period[j]
                if r > p.maximumPeriodFactor { return false }
                if amplitudes {
                    let q = amp[j] > amp[j + 1] ? amp[j] / amp[j + 1] : amp[j + 1] / amp[j]
                    if q > p.maximumAmplitudeFactor { return false }
                }
            }
            return true
        }
        /// Pairs (i−1, i): a group of 2.
        func pair(_ i: Int, amplitudes: Bool) -> Bool {
            guard i >= 1, usable[i], usable[i - 1] else { return false }
            let r = period[i - 1] > period[i] ? period[i - 1] / period[i] : period[i] / period[i - 1]
            if r > p.maximumPeriodFactor { return false }
            if amplitudes {
                let q = amp[i - 1] > amp[i] ? amp[i - 1] / amp[i] : amp[i] / amp[i - 1]
                if q > p.maximumAmplitudeFactor { return false }
            }
            return true
        }
        func average(_ values: [Double]) -> Double {
            values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
        }
        func deviation(_ v: [Double], _ i: Int, _ h: Int) -> Double {
            var s = 0.0
            for j in (i - h)...(i + h) { s += v[j] }
            return abs(v[i] - s / Double(2 * h + 1))
        }

        func dd(_ v: [Double], _ i: Int) -> Double {
            let forward: Double = v[i + 1] - v[i]
            let backward: Double = v[i] - v[i - 1]
            return abs(forward - backward)
        }

        let pairsJ = (1..<n).filter { pair($0, amplitudes: false) }
        let absolute = average(pairsJ.map { abs(period[$0] - period[$0 - 1]) })
        jitterLocalAbsolute = absolute
        jitterLocal = absolute / meanT
        jitterRap = average((0..<n).filter { group($0, 1, amplitudes: false) }.map { deviation(period, $0, 1) }) / meanT
        jitterPpq5 =
            average((0..<n).filter { group($0, 2, amplitudes: false) }.map { deviation(period, $0, 2) }) / meanT
        jitterDdp = average((0..<n).filter { group($0, 1, amplitudes: false) }.map { dd(period, $0) }) / meanT

        let pairsS = (1..<n).filter { pair($0, amplitudes: true) }
        shimmerLocal = average(pairsS.map { abs(amp[$0] - amp[$0 - 1]) }) / meanA
        shimmerLocalDB = average(pairsS.map { abs(20 * log10(amp[$0] / amp[$0 - 1])) })
        shimmerApq3 = average((0..<n).filter { group($0, 1, amplitudes: true) }.map { deviation(amp, $0, 1) }) / meanA
        shimmerApq5 = average((0..<n).filter { group($0, 2, amplitudes: true) }.map { deviation(amp, $0, 2) }) / meanA
        shimmerApq11 = average((0..<n).filter { group($0, 5, amplitudes: true) }.map { deviation(amp, $0, 5) }) / meanA
        shimmerDda = average((0..<n).filter { group($0, 1, amplitudes: true) }.map { dd(amp, $0) }) / meanA
    }
}
