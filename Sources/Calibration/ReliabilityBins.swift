import SignalCore

/// How scores are grouped into reliability bins.
public enum BinningScheme: String, Codable, Sendable, CaseIterable {
    /// B bins of width 1/B on [0, 1], edges `i/B` computed as numpy `linspace(0, 1, B+1)`.
    case equalWidth = "equal_width"
    /// B bins of (nearly) equal count: scores sorted ascending (ties by input order) and split as
    /// numpy `array_split` (the first n mod B bins get one extra element).
    case equalMass = "equal_mass"
}

/// Which edge of an equal-width bin belongs to it.
public enum BinEdgeConvention: String, Codable, Sendable, CaseIterable {
    /// (lo, hi]; a score of exactly 0 goes to the first bin (Guo et al. 2017; numpy
    /// `digitize(right=True)`, scikit-learn `calibration_curve`). The default.
    case rightClosed = "right_closed"
    /// [lo, hi); a score of exactly 1 goes to the last bin.
    case leftClosed = "left_closed"
}

/// Per-bin counts and means of scores s_i ∈ [0, 1] and binary outcomes o_i ∈ {0, 1}.
///
/// For bin b with n_b members: s̄_b = Σ s_i / n_b (mean confidence), ō_b = Σ o_i / n_b (observed
/// frequency, "accuracy" for top-label). Empty bins have NaN means and are skipped by every metric.
public struct ReliabilityBins: Sendable, Equatable {
    /// Lower and upper edge of each bin (equal-mass: smallest and largest member score).
    public let lower: [Double]
    public let upper: [Double]
    public let counts: [Int]
    public let meanScore: [Double]
    public let meanOutcome: [Double]
    /// Total number of scores n.
    public let total: Int
    public let scheme: BinningScheme

    /// Expected calibration error Σ_b (n_b / n) |ō_b − s̄_b| (Naeini et al. 2015; Guo et al. 2017).
    public var ece: Double {
        var s = 0.0
        for b in counts.indices where counts[b] > 0 {
            s += abs(meanOutcome[b] - meanScore[b]) * Double(counts[b]) / Double(total)
        }
        return s
    }

    /// Maximum calibration error max_b |ō_b − s̄_b| over non-empty bins.
    public var mce: Double {
        var m = 0.0
        for b in counts.indices where counts[b] > 0 { m = max(m, abs(meanOutcome[b] - meanScore[b])) }
        return m
    }

    /// Unweighted mean of |ō_b − s̄_b| over non-empty bins (netcal's "ACE"; not Nixon's ACE).
    public var unweightedMeanGap: Double {
        var s = 0.0
        var c = 0
        for b in counts.indices where counts[b] > 0 {
            s += abs(meanOutcome[b] - meanScore[b])
            c += 1
        }
        return c > 0 ? s / Double(c) : .nan
    }

    /// L2 calibration error. Plug-in: √(Σ_b (n_b/n)(ō_b − s̄_b)²). Debiased (Kumar, Liang & Ma
    /// 2019, `unbiased_l2_ce`): each bin's squared gap minus ō_b(1 − ō_b)/(n_b − 1) (bins with
    /// fewer than 2 members contribute 0), then √max(·, 0).
    public func l2(debiased: Bool) -> Double {
        var s = 0.0
        for b in counts.indices where counts[b] > 0 {
            var d = (meanOutcome[b] - meanScore[b]) * (meanOutcome[b] - meanScore[b])
            if debiased {
                if counts[b] < 2 {
                    d = 0
                } else {
                    d -= meanOutcome[b] * (1 - meanOutcome[b]) / Double(counts[b] - 1)
                }
            }
            s += Double(counts[b]) / Double(total) * d
        }
        return max(s, 0).squareRoot()
    }

    /// Non-empty bins only, as scikit-learn `calibration_curve` returns them.
    public var curve: (meanScore: [Double], meanOutcome: [Double], counts: [Int]) {
        let keep = counts.indices.filter { counts[$0] > 0 }
        return (keep.map { meanScore[$0] }, keep.map { meanOutcome[$0] }, keep.map { counts[$0] })
    }
}

/// Reliability binning of 1-D scores against binary outcomes.
public enum Reliability {
    /// Edges `i/B`, i = 0…B, as numpy `linspace(0, 1, B+1)` computes them (i·(1/B), last = 1).
    public static func equalWidthEdges(_ bins: Int) -> [Double] {
        let step = 1.0 / Double(bins)
        var e = (0...bins).map { Double($0) * step }
        e[bins] = 1
        return e
    }

    /// Bin index of x for full edges `e` (count B+1): right-closed counts inner edges < x,
    /// left-closed inner edges ≤ x (so 0 and 1 always fall in the first/last bin).
    @inline(__always)
    static func binIndex(_ x: Double, edges e: UnsafeBufferPointer<Double>, rightClosed: Bool) -> Int {
        let nb = e.count - 1
        var b = Int(x * Double(nb))
        if b < 0 { b = 0 }
        if b > nb - 1 { b = nb - 1 }
        if rightClosed {
            while b > 0 && !(e[b] < x) { b -= 1 }
            while b < nb - 1 && e[b + 1] < x { b += 1 }
        } else {
            while b > 0 && !(e[b] <= x) { b -= 1 }
            while b < nb - 1 && e[b + 1] <= x { b += 1 }
        }
        return b
    }

    /// Bins with arbitrary increasing full edges (e.g. quantile edges), by binary search:
    /// right-closed = numpy `searchsorted(edges[1:-1], x, side="left")`.
    static func binIndexSearch(_ x: Double, edges e: [Double], rightClosed: Bool) -> Int {
        var lo = 1
        var hi = e.count - 1  // search inner edges e[1..<count-1]
        while lo < hi {
            let mid = (lo + hi) / 2
            if rightClosed ? (e[mid] < x) : (e[mid] <= x) { lo = mid + 1 } else { hi = mid }
        }
        return lo - 1
    }

    /// Equal-width bins on [0, 1].
    public static func equalWidth(
        scores: [Double], outcomes: [Double], bins: Int, edges convention: BinEdgeConvention = .rightClosed
    ) -> ReliabilityBins {
        let e = equalWidthEdges(bins)
        var cnt = [Int](repeating: 0, count: bins)
        var ss = [Double](repeating: 0, count: bins)
        var so = [Double](repeating: 0, count: bins)
        let right = convention == .rightClosed
        e.withUnsafeBufferPointer { ep in
            scores.withUnsafeBufferPointer { s in
                outcomes.withUnsafeBufferPointer { o in
                    for i in 0..<s.count {
                        let b = binIndex(s[i], edges: ep, rightClosed: right)
                        cnt[b] += 1
                        ss[b] += s[i]
                        so[b] += o[i]
                    }
                }
            }
        }
        return finish(
            lower: Array(e[0..<bins]), upper: Array(e[1...bins]), counts: cnt, sumScore: ss, sumOutcome: so,
            total: scores.count, scheme: .equalWidth)
    }

    /// Bins with given increasing full edges (B+1 values), e.g. quantile edges.
    public static func withEdges(
        scores: [Double], outcomes: [Double], edges e: [Double], convention: BinEdgeConvention = .rightClosed
    ) -> ReliabilityBins {
        let bins = e.count - 1
        var cnt = [Int](repeating: 0, count: bins)
        var ss = [Double](repeating: 0, count: bins)
        var so = [Double](repeating: 0, count: bins)
        for i in scores.indices {
            let b = binIndexSearch(scores[i], edges: e, rightClosed: convention == .rightClosed)
            cnt[b] += 1
            ss[b] += scores[i]
            so[b] += outcomes[i]
        }
        return finish(
            lower: Array(e[0..<bins]), upper: Array(e[1...bins]), counts: cnt, sumScore: ss, sumOutcome: so,
            total: scores.count, scheme: .equalWidth)
    }

    /// Equal-mass bins (numpy `array_split` of the stably sorted scores).
    public static func equalMass(scores: [Double], outcomes: [Double], bins: Int) -> ReliabilityBins {
        equalMass(scores: scores, outcomes: outcomes, bins: bins, order: SortOrder.ascending(scores))
    }

    /// Equal-mass bins given the ascending order of `scores` (reused across metrics).
    static func equalMass(scores: [Double], outcomes: [Double], bins: Int, order: [Int32]) -> ReliabilityBins {
        let n = order.count
        var cnt = [Int](repeating: 0, count: bins)
        var ss = [Double](repeating: 0, count: bins)
        var so = [Double](repeating: 0, count: bins)
        var lo = [Double](repeating: .nan, count: bins)
        var hi = [Double](repeating: .nan, count: bins)
        let base = n / bins
        let extra = n % bins
        var start = 0
        for b in 0..<bins {
            let size = base + (b < extra ? 1 : 0)
            var a = 0.0
            var c = 0.0
            for r in start..<(start + size) {
                let i = Int(order[r])
                a += scores[i]
                c += outcomes[i]
            }
            cnt[b] = size
            ss[b] = a
            so[b] = c
            if size > 0 {
                lo[b] = scores[Int(order[start])]
                hi[b] = scores[Int(order[start + size - 1])]
            }
            start += size
        }
        return finish(lower: lo, upper: hi, counts: cnt, sumScore: ss, sumOutcome: so, total: n, scheme: .equalMass)
    }

    /// Binning by scheme.
    public static func bins(
        scores: [Double], outcomes: [Double], bins: Int, scheme: BinningScheme,
        edges: BinEdgeConvention = .rightClosed
    ) -> ReliabilityBins {
        switch scheme {
        case .equalWidth: return equalWidth(scores: scores, outcomes: outcomes, bins: bins, edges: edges)
        case .equalMass: return equalMass(scores: scores, outcomes: outcomes, bins: bins)
        }
    }

    /// scikit-learn `calibration_curve` edges: `"uniform"` = equal width; `"quantile"` = numpy
    /// percentiles (linear) of the scores at 100·linspace(0, 1, B+1). Bins are right-closed.
    public static func quantileEdges(_ scores: [Double], bins: Int) -> [Double] {
        let step = 1.0 / Double(bins)
        let qs = (0...bins).map { i -> Double in (i == bins ? 1 : Double(i) * step) * 100 }
        return Stats.percentiles(scores, qs)
    }

    static func finish(
        lower: [Double], upper: [Double], counts: [Int], sumScore: [Double], sumOutcome: [Double], total: Int,
        scheme: BinningScheme
    ) -> ReliabilityBins {
        let ms = counts.indices.map { counts[$0] > 0 ? sumScore[$0] / Double(counts[$0]) : .nan }
        let mo = counts.indices.map { counts[$0] > 0 ? sumOutcome[$0] / Double(counts[$0]) : .nan }
        return ReliabilityBins(
            lower: lower, upper: upper, counts: counts, meanScore: ms, meanOutcome: mo, total: total, scheme: scheme)
    }
}
