import Foundation

/// Glottal pulses by waveform cross-correlation ("Sound & Pitch: To PointProcess (cc)", Praat manual).
///
/// Voiced intervals are runs of voiced pitch frames, each extended by half a time step on both
/// sides. In each interval:
/// 1. the first pulse t₁ is the absolute extremum of the waveform within ±T₀/2 of the interval's
///    midpoint, T₀ = 1/F0 interpolated linearly from the pitch track;
/// 2. pulses to the left: from t, the next pulse t′ ∈ [t − 1.2 T₀(t), t − 0.8 T₀(t)] maximises the
///    normalised cross-correlation of the waveform in [t′ − T₀/2, t′ + T₀/2] with that in
///    [t − T₀/2, t + T₀/2] (parabolic interpolation between lags), until the left edge is passed;
/// 3. the same to the right;
/// 4. a pulse whose correlation is below 0.3 ends the walk (it is not kept); one extra pulse beyond
///    the interval's edge is kept if its correlation exceeds 0.7.
///
/// - Returns: pulse times in s from the start of `x` (sample j at (j + ½)/fs, as in Praat), ascending.
enum PraatPointProcess {
    static func pulses(_ x: [Double], rate fs: Double, pitch: PraatPitchTrack, startTime: Double) -> [Double] {
        let f0 = pitch.f0Hz
        let times = pitch.timeS.map { $0 - startTime }
        guard times.count >= 1 else { return [] }
        let dt = times.count > 1 ? times[1] - times[0] : 0.01
        let duration = Double(x.count) / fs
        var all = [Double]()
        var k = 0
        var cumulative = [Double]()
        return x.withUnsafeBufferPointer { xp -> [Double] in
            do {
                while k < f0.count {
                    guard f0[k] > 0 else {
                        k += 1
                        continue
                    }
                    var e = k
                    while e + 1 < f0.count && f0[e + 1] > 0 { e += 1 }
                    let left = max(0, times[k] - 0.5 * dt)
                    let right = min(duration, times[e] + 0.5 * dt)
                    let run = Array(k...e)
                    func period(_ t: Double) -> Double {
                        // linear interpolation of F0 between the run's frames, constant beyond its ends
                        if t <= times[run[0]] { return 1 / f0[run[0]] }
                        if t >= times[run[run.count - 1]] { return 1 / f0[run[run.count - 1]] }
                        let pos = (t - times[run[0]]) / dt
                        let i = min(run.count - 2, Int(pos))
                        let fr = pos - Double(i)
                        let f = f0[run[i]] * (1 - fr) + f0[run[i + 1]] * fr
                        return 1 / f
                    }
                    // prefix sums of x² over the samples this run's walk can reach: every window
                    // lies within 1.2 T + T/2 + 1 sample of a time in [left, right], T ≤ 1 / min F0
                    var minF0 = Double.infinity
                    for j in k...e { minF0 = min(minF0, f0[j]) }
                    let margin = Int((2 * fs / minF0).rounded(.up)) + 4
                    let base = max(0, Int((left * fs).rounded(.down)) - margin)
                    let end = min(xp.count, Int((right * fs).rounded(.up)) + margin)
                    if cumulative.count < end - base + 1 { cumulative = [Double](repeating: 0, count: end - base + 1) }
                    cumulative.withUnsafeMutableBufferPointer { c in
                        for i in base..<end { c[i - base + 1] = c[i - base] + xp[i] * xp[i] }
                    }
                    let mid = 0.5 * (left + right)
                    let t0 = period(mid)
                    if let first = extremum(xp, rate: fs, from: mid - 0.5 * t0, to: mid + 0.5 * t0) {
                        var points = [first]
                        for direction in [-1.0, 1.0] {
                            var t = first
                            while true {
                                let T = period(t)
                                guard
                                    let (next, corr) = cumulative.withUnsafeBufferPointer({
                                        follow(
                                            xp, cum: $0, base: base, end: end, rate: fs, from: t, period: T,
                                            direction: direction)
                                    })
                                else { break }
                                if corr < 0.3 { break }
                                let outside = direction < 0 ? next < left : next > right
                                if outside {
                                    if corr > 0.7 && next >= 0 && next <= duration { points.append(next) }
                                    break
                                }
                                points.append(next)
                                t = next
                            }
                        }
                        all += points.sorted()
                    }
                    k = e + 1
                }
                return all
            }
        }
    }

    /// Time of the sample with the largest |x| in [from, to] (parabolic refinement), or nil if empty.
    static func extremum(_ x: UnsafeBufferPointer<Double>, rate fs: Double, from: Double, to: Double) -> Double? {
        let a = max(1, Int((from * fs - 0.5).rounded(.up)))
        let b = min(x.count - 2, Int((to * fs - 0.5).rounded(.down)))
        guard a <= b else { return nil }
        var best = a
        for i in a...b where abs(x[i]) > abs(x[best]) { best = i }
        let s: Double = x[best] >= 0 ? 1 : -1
        let (pos, _) = PraatFraming.parabolic(s * x[best - 1], s * x[best], s * x[best + 1], at: best)
        return (pos + 0.5) / fs
    }

    /// The next pulse from `t` in `direction` (−1 left, +1 right) and its correlation, or nil when the
    /// windows leave the signal. Every lag in [0.8 T, 1.2 T] (samples) is tried; window energies come
    /// from the prefix sums `cum` of x² over samples base…end−1 (cum[i − base] = Σ_{base ≤ j < i} x_j²),
    /// which hold every window the walk reaches inside the signal.
    static func follow(
        _ x: UnsafeBufferPointer<Double>, cum: UnsafeBufferPointer<Double>, base: Int, end: Int, rate fs: Double,
        from t: Double, period T: Double, direction: Double
    ) -> (Double, Double)? {
        let centre = Int((t * fs - 0.5).rounded())
        let half = max(1, Int((0.5 * T * fs).rounded()))
        let minLag = max(2, Int((0.8 * T * fs).rounded(.down)))
        let maxLag = Int((1.2 * T * fs).rounded(.up))
        let d = direction < 0 ? -1 : 1
        guard centre - half >= 0, centre + half < x.count else { return nil }
        guard centre - half >= base, centre + half < end else { return nil }
        let refEnergy = cum[centre + half + 1 - base] - cum[centre - half - base]
        guard refEnergy > 0 else { return nil }
        let width = 2 * half + 1
        func correlation(_ lag: Int) -> Double? {
            let c2 = centre + d * lag
            guard c2 - half >= 0, c2 + half < x.count else { return nil }
            guard c2 - half >= base, c2 + half < end else { return nil }
            let en = cum[c2 + half + 1 - base] - cum[c2 - half - base]
            guard en > 0 else { return 0 }
            let a = x.baseAddress! + (centre - half)
            let b = x.baseAddress! + (c2 - half)
            var s0 = 0.0
            var s1 = 0.0
            var s2 = 0.0
            var s3 = 0.0
            var j = 0
            while j + 4 <= width {
                s0 += a[j] * b[j]
                s1 += a[j + 1] * b[j + 1]
                s2 += a[j + 2] * b[j + 2]
                s3 += a[j + 3] * b[j + 3]
                j += 4
            }
            while j < width {
                s0 += a[j] * b[j]
                j += 1
            }
            return (s0 + s1 + s2 + s3) / (refEnergy * en).squareRoot()
        }
        var bestLag = -1
        var best = -Double.infinity
        var lag = minLag
        while lag <= maxLag {
            if let c = correlation(lag), c > best {
                best = c
                bestLag = lag
            }
            lag += 1
        }
        guard bestLag > 0 else { return nil }
        // refine on single-sample steps around the coarse maximum
        var improved = true
        while improved {
            improved = false
            for cand in [bestLag - 1, bestLag + 1] where cand >= minLag && cand <= maxLag {
                if let c = correlation(cand), c > best {
                    best = c
                    bestLag = cand
                    improved = true
                }
            }
        }
        var position = Double(bestLag)
        var value = best
        if let cm = correlation(bestLag - 1), let cp = correlation(bestLag + 1) {
            (position, value) = PraatFraming.parabolic(cm, best, cp, at: bestLag)
        }
        return (t + direction * position / fs, value)
    }
}
