import Foundation

/// Jitter and shimmer from glottal pulses (Praat manual "Voice 2. Jitter", "Voice 3. Shimmer",
/// "PointProcess: Get jitter (local)...", "PointProcess & Sound: To AmplitudeTier (period)...").
///
/// Jitter. Periods T_i = t_{i+1} − t_i are used only when shortest ≤ T_i ≤ longest; a group of
/// consecutive periods (2 for local/ddp, 3 for rap, 5 for ppq5) is used only when every period in
/// it is usable and each ratio of neighbouring periods is ≤ the maximum period factor. With T̄ the
/// mean of the usable periods:
/// local = mean|T_i − T_{i−1}| / T̄; local, absolute = mean|T_i − T_{i−1}| (s);
/// rap = mean|T_i − (T_{i−1} + T_i + T_{i+1})/3| / T̄; ppq5 = the same over 5 periods;
/// ddp = mean|(T_{i+1} − T_i) − (T_i − T_{i−1})| / T̄.
///
/// Shimmer works on an amplitude tier: one amplitude A_k per pulse t whose two neighbouring
/// periods p₁ (before) and p₂ (after) both lie in [shortest, longest] with max(p₁/p₂, p₂/p₁) ≤ the
/// maximum period factor. A_k is the RMS of the waveform under an asymmetric Hann window w that
/// rises from zero at t − 0.2 p₁ to one at t and falls to zero at t + 0.2 p₂, normalised by the
/// window's power: A = √(Σ (w_j x_j)² / Σ w_j²) (points with A = 0 are dropped). Consecutive tier
/// points (k−1, k) form a usable pair when t_k − t_{k−1} ∈ [shortest, longest] and
/// max(A_k/A_{k−1}, A_{k−1}/A_k) ≤ the maximum amplitude factor; a group of 3, 5 or 11 points is
/// usable when all its neighbouring pairs are. With Ā the mean of A over all tier points but the last:
/// local = mean|A_k − A_{k−1}| / Ā; local dB = mean|20 log10(A_k / A_{k−1})|;
/// apq3, apq5, apq11 = mean|A_k − mean of the 3, 5, 11 amplitudes centred on k| / Ā;
/// dda = mean|(A_{k+1} − A_k) − (A_k − A_{k−1})| / Ā (= 3 × apq3).
/// These conventions were checked point by point against Praat 6.1.38's amplitude tier and
/// shimmer values (equal to rounding on the shipped real speech when given Praat's pulses).
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
        for i in 0..<n {
            period[i] = t[i + 1] - t[i]
            usable[i] = period[i] >= p.shortestPeriodS && period[i] <= p.longestPeriodS
        }
        var usedCount = 0
        var periodSum = 0.0
        for i in 0..<n where usable[i] {
            usedCount += 1
            periodSum += period[i]
        }
        if usedCount > 0 {
            let meanT = periodSum / Double(usedCount)
            /// Whether periods i−h…i+h form a usable group.
            func group(_ i: Int, _ h: Int) -> Bool {
                guard i - h >= 0, i + h < n else { return false }
                for j in (i - h)...(i + h) where !usable[j] { return false }
                for j in (i - h)..<(i + h) where Self.ratio(period[j], period[j + 1]) > p.maximumPeriodFactor {
                    return false
                }
                return true
            }
            // pairs (i−1, i): both usable, ratio ≤ the maximum period factor
            let pairs = (1..<n).filter {
                usable[$0] && usable[$0 - 1] && Self.ratio(period[$0 - 1], period[$0]) <= p.maximumPeriodFactor
            }
            let absolute = Self.average(pairs.map { abs(period[$0] - period[$0 - 1]) })
            jitterLocalAbsolute = absolute
            jitterLocal = absolute / meanT
            let triples = (0..<n).filter { group($0, 1) }
            jitterRap = Self.average(triples.map { Self.deviation(period, $0, 1) }) / meanT
            jitterPpq5 = Self.average((0..<n).filter { group($0, 2) }.map { Self.deviation(period, $0, 2) }) / meanT
            jitterDdp = Self.average(triples.map { Self.secondDifference(period, $0) }) / meanT
        }

        let amp = Self.amplitudeTier(pulses: t, samples: x, rate: fs, parameters: p)
        let m = amp.count
        guard m >= 2 else { return }
        var meanA = 0.0
        for k in 0..<(m - 1) { meanA += amp[k].value }
        meanA /= Double(m - 1)
        let a = amp.map(\.value)
        // pairOK[k]: tier points k−1 and k form a usable pair (k ≥ 1)
        var pairOK = [Bool](repeating: false, count: m)
        for k in 1..<m {
            let dt = amp[k].time - amp[k - 1].time
            pairOK[k] =
                dt >= p.shortestPeriodS && dt <= p.longestPeriodS
                && Self.ratio(a[k - 1], a[k]) <= p.maximumAmplitudeFactor
        }
        func group(_ k: Int, _ h: Int) -> Bool {
            guard k - h >= 0, k + h < m else { return false }
            for j in (k - h + 1)...(k + h) where !pairOK[j] { return false }
            return true
        }
        let pairs = (1..<m).filter { pairOK[$0] }
        shimmerLocal = Self.average(pairs.map { abs(a[$0] - a[$0 - 1]) }) / meanA
        shimmerLocalDB = Self.average(pairs.map { abs(20 * log10(a[$0] / a[$0 - 1])) })
        let triples = (0..<m).filter { group($0, 1) }
        shimmerApq3 = Self.average(triples.map { Self.deviation(a, $0, 1) }) / meanA
        shimmerApq5 = Self.average((0..<m).filter { group($0, 2) }.map { Self.deviation(a, $0, 2) }) / meanA
        shimmerApq11 = Self.average((0..<m).filter { group($0, 5) }.map { Self.deviation(a, $0, 5) }) / meanA
        shimmerDda = Self.average(triples.map { Self.secondDifference(a, $0) }) / meanA
    }

    /// The amplitude tier of the shimmer measures: (pulse time, A) for every pulse whose two
    /// neighbouring periods are usable (see the type's documentation), in time order.
    static func amplitudeTier(pulses t: [Double], samples x: [Double], rate fs: Double, parameters p: PraatParameters)
        -> [(time: Double, value: Double)]
    {
        guard t.count >= 3 else { return [] }
        var out = [(time: Double, value: Double)]()
        out.reserveCapacity(t.count)
        x.withUnsafeBufferPointer { xp in
            for i in 1..<(t.count - 1) {
                let p1 = t[i] - t[i - 1]
                let p2 = t[i + 1] - t[i]
                guard p1 >= p.shortestPeriodS, p1 <= p.longestPeriodS, p2 >= p.shortestPeriodS,
                    p2 <= p.longestPeriodS, ratio(p1, p2) <= p.maximumPeriodFactor
                else { continue }
                let tc = t[i]
                let left = 0.2 * p1
                let right = 0.2 * p2
                let lo = max(0, Int(((tc - left) * fs - 0.5).rounded(.up)))
                let hi = min(xp.count - 1, Int(((tc + right) * fs - 0.5).rounded(.down)))
                guard lo <= hi else { continue }
                var sww = 0.0
                var swx = 0.0
                for j in lo...hi {
                    let d = (Double(j) + 0.5) / fs - tc
                    let w = 0.5 + 0.5 * cos(Double.pi * d / (d < 0 ? left : right))
                    let wx = w * xp[j]
                    sww += w * w
                    swx += wx * wx
                }
                let value = sww > 0 ? (swx / sww).squareRoot() : 0
                if value > 0 { out.append((tc, value)) }
            }
        }
        return out
    }

    /// max(a/b, b/a) for positive a, b.
    @inline(__always) static func ratio(_ a: Double, _ b: Double) -> Double { a > b ? a / b : b / a }

    static func average(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// |v_i − mean(v_{i−h} … v_{i+h})|.
    static func deviation(_ v: [Double], _ i: Int, _ h: Int) -> Double {
        var s = 0.0
        for j in (i - h)...(i + h) { s += v[j] }
        return abs(v[i] - s / Double(2 * h + 1))
    }

    /// |(v_{i+1} − v_i) − (v_i − v_{i−1})|.
    static func secondDifference(_ v: [Double], _ i: Int) -> Double {
        let forward: Double = v[i + 1] - v[i]
        let backward: Double = v[i] - v[i - 1]
        return abs(forward - backward)
    }
}
