/// Micro- and macro-expression spotting from landmark motion.
///
/// The expression signal is the sum over AUs (AU45 excluded; the eye AUs 5, 6 and 7 excluded
/// within one smoothing window plus 2.5 frames of an accepted blink, which moves the same points)
/// of the per-frame intensities, weak-visibility AUs weighted by `spotWeakWeight`. Frames above `spotThreshold` form runs; runs closer than `spotMergeGapSeconds`
/// are merged; each run is widened while the signal stays above `spotExtendFraction` of the run's
/// peak (onsets and offsets ramp in and out below the detection threshold); runs
/// shorter than `spotMinSeconds` are dropped. Apex = the frame of largest signal. An interval is
/// micro if offset − onset ≤ `microMaxSeconds` (MEGC: ≤ 0.5 s), else macro.
enum ExpressionSpotter {
    static func spot(
        units: [AUSeries], blinks: [Blink], frames: [Int], times: [Double], valid: [Bool], frameInterval: Double,
        parameters p: FaceParameters
    ) -> [SpottedInterval] {
        let n = frames.count
        var inBlink = [Bool](repeating: false, count: n)
        let margin = p.smoothingSeconds + 2.5 * frameInterval
        if !blinks.isEmpty {
            var k = 0
            for f in 0..<n {
                while k < blinks.count && blinks[k].offsetTime + margin < times[f] { k += 1 }
                if k < blinks.count && times[f] >= blinks[k].onsetTime - margin { inBlink[f] = true }
            }
        }
        var signal = [Double](repeating: 0, count: n)
        for s in units where s.unit != .au45 {
            let eye = s.unit == .au5 || s.unit == .au6 || s.unit == .au7
            let w = s.unit.visibility == .good ? 1 : p.spotWeakWeight
            for f in 0..<n where valid[f] && !(eye && inBlink[f]) { signal[f] += w * s.intensity[f] }
        }
        // Runs above threshold.
        var runs: [(Int, Int)] = []
        var f = 0
        while f < n {
            if valid[f] && signal[f] > p.spotThreshold {
                var b = f
                while b + 1 < n && valid[b + 1] && signal[b + 1] > p.spotThreshold { b += 1 }
                if let last = runs.last, times[f] - times[last.1] <= p.spotMergeGapSeconds + frameInterval / 2 {
                    runs[runs.count - 1].1 = b
                } else {
                    runs.append((f, b))
                }
                f = b + 1
            } else {
                f += 1
            }
        }
        var out: [SpottedInterval] = []
        var lastEnd = -1
        for (a0, b0) in runs where b0 > lastEnd {
            var a = max(a0, lastEnd + 1), b = b0
            var peak = 0.0
            for k in a...b { peak = max(peak, signal[k]) }
            let floor = p.spotExtendFraction * peak
            while a - 1 > lastEnd && valid[a - 1] && signal[a - 1] > floor { a -= 1 }
            while b + 1 < n && valid[b + 1] && signal[b + 1] > floor { b += 1 }
            if a <= lastEnd { a = lastEnd + 1 }
            let duration = times[b] - times[a]
            guard duration + frameInterval >= p.spotMinSeconds else { continue }
            var apex = a
            for k in a...b where signal[k] > signal[apex] { apex = k }
            let active = units.filter { $0.unit != .au45 && $0.intensity[apex] >= 1 }.map { $0.unit.name }
            out.append(
                SpottedInterval(
                    kind: duration <= p.microMaxSeconds ? .micro : .macro, onsetFrame: frames[a],
                    apexFrame: frames[apex],
                    offsetFrame: frames[b], onsetTime: times[a], offsetTime: times[b], peak: signal[apex], units: active
                ))
            lastEnd = b
        }
        return out
    }
}
