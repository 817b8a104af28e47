import SignalCore

/// Per-beat signal quality index: the Pearson correlation of each beat with the recording's average
/// beat (template matching; Orphanidou et al. 2015, IEEE JBHI 19:832; NeuroKit2 `ecg_quality`
/// "averageQRS" idea). Beats are the samples from −0.25·RR̄ to +0.45·RR̄ around each peak (RR̄ the
/// median interval); values in [−1, 1], 1 = identical shape; NaN for beats too close to the edges.
public enum BeatQuality {
    public static func templateCorrelation(_ x: [Double], peaks: [Int]) -> [Double] {
        guard peaks.count >= 3 else { return peaks.map { _ in .nan } }
        let rr = Stats.median((1..<peaks.count).map { Double(peaks[$0] - peaks[$0 - 1]) })
        let before = Int(0.25 * rr)
        let after = Int(0.45 * rr)
        let len = before + after + 1
        guard len >= 3 else { return peaks.map { _ in .nan } }
        var template = [Double](repeating: 0, count: len)
        var used = 0
        for p in peaks where p - before >= 0 && p + after < x.count {
            for k in 0..<len { template[k] += x[p - before + k] }
            used += 1
        }
        guard used > 0 else { return peaks.map { _ in .nan } }
        for k in 0..<len { template[k] /= Double(used) }
        return peaks.map { p in
            guard p - before >= 0 && p + after < x.count else { return .nan }
            return Stats.pearson(Array(x[(p - before)...(p + after)]), template)
        }
    }
}
