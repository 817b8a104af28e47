import Foundation

/// Row kernels of the large-n paths (`CalibrationMetrics.topLabelECE`, `.headline`): one pass
/// over the row-major n × K probability buffer, no intermediate arrays of rows. Internal.
///
/// - Top label of a row: the maximum and the first index holding it (numpy `argmax`), found
///   without data-dependent branches (a bit mask of the entries equal to the maximum, then its
///   lowest set bit), because the argmax of calibrated-looking data is unpredictable.
/// - Equal-width bin of x ∈ [0, 1] for B bins: the guess ⌊x·B⌋ corrected against the edges
///   t·(1/B) of `Reliability.equalWidthEdges` (computed, not loaded), so the index is exactly
///   `Reliability.binIndex`'s (right-closed: the number of inner edges < x; left-closed: ≤ x);
///   in the kernels looked up by the fine bucket ⌊x·4096⌋ (`binTable`) away from edges.
/// - 0/1 outcomes are counted as integers (a 0/1 double from a comparison becomes a branch).
/// - Callers dispatch on K ∈ {2, 3, 4} so that the per-row loops over K are unrolled.
enum FusedPass {
    /// Maximum of row[0..<k] and the first index holding it.
    @inline(__always)
    static func top(_ row: UnsafePointer<Double>, _ k: Int) -> (value: Double, index: Int) {
        var bv = row[0]
        for j in 1..<k {
            let v = row[j]
            bv = v > bv ? v : bv
        }
        if k <= 64 {
            var mask: UInt64 = 0
            for j in 0..<k { mask |= UInt64(unsafeBitCast(row[j] == bv, to: UInt8.self)) &<< UInt64(j) }
            return (bv, mask.trailingZeroBitCount)
        }
        var best = 0
        while row[best] != bv { best &+= 1 }
        return (bv, best)
    }

    /// 1 if `a == b`, else 0, as an integer: kept integral on purpose, since a 0/1 double made
    /// from a comparison is compiled into a branch, which the unpredictable argmax defeats.
    @inline(__always) static func indicator(_ a: Int, _ b: Int) -> Int {
        Int(unsafeBitCast(a == b, to: UInt8.self))
    }

    /// Equal-width bin of x ∈ [0, 1] (see the type's doc); `step` = 1/B, `scale` = B. One
    /// correction step suffices: with T the bin by the computed edges (e_T < x ≤ e_{T+1},
    /// right-closed), x·B rounded lies within T·(1 ± 4·2⁻⁵³) and (T + 1)·(1 ± 4·2⁻⁵³), so
    /// ⌊x·B⌋ ∈ {T − 1, T, T + 1} for B < 2⁵⁰. Branch-free (the guess and both corrections are
    /// arithmetic on comparison bits), because bins of real data are not predictable.
    @inline(__always)
    static func bin(_ x: Double, bins nb: Int, step: Double, scale: Double, rightClosed: Bool) -> Int {
        var b = Int(x * scale)
        b &-= Int(unsafeBitCast(b >= nb, to: UInt8.self))
        let lo = Double(b) * step
        let hi = Double(b &+ 1) * step
        let down: Bool
        let up: Bool
        if rightClosed {
            down = !(lo < x)
            up = hi < x
        } else {
            down = !(lo <= x)
            up = hi <= x
        }
        let d = unsafeBitCast(down, to: UInt8.self) & unsafeBitCast(b > 0, to: UInt8.self)
        let u = unsafeBitCast(up, to: UInt8.self) & unsafeBitCast(b < nb &- 1, to: UInt8.self)
        return b &- Int(d) &+ Int(u)
    }

    /// Fine buckets ⌊x·H⌋ of the bin lookup table, H = `EqualMassSelection.buckets` (4096), so
    /// the headline pass converts each value once for its bin and its histogram bucket.
    static let fineBuckets = EqualMassSelection.buckets

    /// The bin of every fine bucket ⌊x·H⌋ (0…H) whose values all fall in one bin — decided on
    /// the bucket widened by one bucket on each side (exact binary fractions), which contains
    /// every x that rounds into it, since `bin` is monotone — or 255 where an edge is near (then
    /// `bin` decides exactly). For B ≤ 254 bins; larger B: all 255.
    static func binTable(bins nb: Int, rightClosed: Bool) -> [UInt8] {
        let f = fineBuckets
        var t = [UInt8](repeating: 255, count: f + 1)
        guard nb <= 254 else { return t }
        let step = 1.0 / Double(nb)
        let scale = Double(nb)
        for h in 0...f {
            let x0 = Double(max(h - 1, 0)) / Double(f)
            let x1 = Double(min(h + 2, f)) / Double(f)
            let lo = bin(x0, bins: nb, step: step, scale: scale, rightClosed: rightClosed)
            let hi = bin(x1, bins: nb, step: step, scale: scale, rightClosed: rightClosed)
            if lo == hi { t[h] = UInt8(lo) }
        }
        return t
    }

    /// Bin of x through the table, exact `bin` near edges; `fine` = ⌊x·H⌋.
    @inline(__always)
    static func bin(
        _ x: Double, fine: Int, table: UnsafePointer<UInt8>, bins nb: Int, step: Double, scale: Double,
        rightClosed: Bool
    ) -> Int {
        let t = Int(table[fine])
        return t != 255 ? t : bin(x, bins: nb, step: step, scale: scale, rightClosed: rightClosed)
    }

    /// Top-label ECE accumulators, 4 lanes by row index (so that consecutive rows in one bin do
    /// not wait on each other): score[lane·B + b] += confidence, hits[lane·B + b] += correct.
    @inline(__always)
    static func topLabelGaps(
        k: Int, rows pr: UnsafePointer<Double>, labels y: UnsafePointer<Int>, count n: Int, bins nb: Int,
        rightClosed: Bool, table: UnsafePointer<UInt8>, score d: UnsafeMutablePointer<Double>,
        hits h: UnsafeMutablePointer<Int>
    ) {
        let step = 1.0 / Double(nb)
        let scale = Double(nb)
        let fscale = Double(fineBuckets)
        for i in 0..<n {
            let t = top(pr + i &* k, k)
            let fine = Int(t.value * fscale)
            let b =
                (i & 3) &* nb
                &+ bin(t.value, fine: fine, table: table, bins: nb, step: step, scale: scale, rightClosed: rightClosed)
            d[b] += t.value
            h[b] &+= indicator(t.index, y[i])
        }
    }

    /// Accumulators of the headline pass (flat, zeroed by the caller): top-label bins (count,
    /// Σ confidence, Σ correct), per-class bins [j·B + b] and per-class equal-mass histograms
    /// [j·H + h] with H = `EqualMassSelection.buckets`.
    struct Headline {
        var topCount: UnsafeMutablePointer<Int>
        var topScore: UnsafeMutablePointer<Double>
        var topOutcome: UnsafeMutablePointer<Int>
        var classCount: UnsafeMutablePointer<Int>
        var classScore: UnsafeMutablePointer<Double>
        var classOutcome: UnsafeMutablePointer<Int>
        var histCount: UnsafeMutablePointer<Int32>
        var histScore: UnsafeMutablePointer<Double>
        var histOutcome: UnsafeMutablePointer<Int32>
        /// Per row: the confidence and whether the top label is correct (0/1).
        var confidence: UnsafeMutablePointer<Double>
        var correct: UnsafeMutablePointer<UInt8>
        /// Per value [i·K + j]: its histogram bucket (0…H − 1), for the boundary-bucket gather.
        var bucket: UnsafeMutablePointer<UInt16>
    }

    /// The headline pass: fills `a` and returns Σ correct, Σ_i Σ_j (p_ij − [y_i = j])² (as
    /// Σ_j p_ij² − 2 p_i,y_i + 1, ≤ 4·2⁻⁵³ absolute per row), and
    /// Σ_i ln clip(p_i,y_i) (clip to [ε, 1 − ε] when ε > 0). With ε ≥ 2⁻¹⁰⁰ the logarithms are
    /// taken of running products (renormalised below 2⁻⁹⁰⁰, so never subnormal): the sum
    /// changes by at most n·2⁻⁵³ absolute, i.e. the mean NLL by ≤ 1.2e-16.
    @inline(__always)
    static func headlineRows(
        k: Int, rows pr: UnsafePointer<Double>, labels y: UnsafePointer<Int>, count n: Int, bins nb: Int,
        rightClosed: Bool, table: UnsafePointer<UInt8>, clip eps: Double, into a: Headline
    ) -> (hits: Double, brier: Double, logLikelihood: Double) {
        let step = 1.0 / Double(nb)
        let scale = Double(nb)
        let hb = EqualMassSelection.buckets
        let hscale = Double(hb)
        var hits = 0
        var brier = 0.0
        var logSum = 0.0
        var prod = 1.0
        let useProduct = eps >= 0x1p-100
        for i in 0..<n {
            let row = pr + i &* k
            let yi = y[i]
            let t = top(row, k)
            let c = indicator(t.index, yi)
            hits &+= c
            a.confidence[i] = t.value
            a.correct[i] = UInt8(truncatingIfNeeded: c)
            let tf = Int(t.value * hscale)
            let b = bin(t.value, fine: tf, table: table, bins: nb, step: step, scale: scale, rightClosed: rightClosed)
            a.topCount[b] &+= 1
            a.topScore[b] += t.value
            a.topOutcome[b] &+= c
            var sq = 0.0
            for j in 0..<k {
                let v = row[j]
                let hit = indicator(j, yi)
                sq += v * v
                let hv = Int(v * hscale)
                let cb =
                    j &* nb
                    &+ bin(v, fine: hv, table: table, bins: nb, step: step, scale: scale, rightClosed: rightClosed)
                a.classCount[cb] &+= 1
                a.classScore[cb] += v
                a.classOutcome[cb] &+= hit
                let hc = hv &- Int(unsafeBitCast(hv >= hb, to: UInt8.self))
                a.bucket[i &* k &+ j] = UInt16(truncatingIfNeeded: hc)
                let h = j &* hb &+ hc
                a.histCount[h] &+= 1
                a.histScore[h] += v
                a.histOutcome[h] &+= Int32(truncatingIfNeeded: hit)
            }
            // Σ_j (p_j − [j = y])² = Σ_j p_j² − 2·p_y + 1.
            brier += (sq - 2 * row[yi]) + 1
            var py = row[yi]
            if eps > 0 { py = min(max(py, eps), 1 - eps) }
            if useProduct {
                prod *= py
                if prod < 0x1p-900 {
                    logSum += log(prod)
                    prod = 1
                }
            } else {
                logSum += log(py)
            }
        }
        logSum += log(prod)
        return (Double(hits), brier, logSum)
    }
}
