import Foundation
import SignalCore

/// Time-domain and geometric HRV indices with NeuroKit2 0.2.13 names, units and definitions
/// (`nk.hrv_time`), computed on an interval series x₁…xₙ in ms (NN by default). With
/// dᵢ = xᵢ₊₁ − xᵢ (i = 1…n−1):
///
/// | name | definition | unit |
/// |---|---|---|
/// | `HRV_MeanNN` | Σx/n | ms |
/// | `HRV_SDNN` | sample sd, √(Σ(x−x̄)²/(n−1)) | ms |
/// | `HRV_SDANN{1,2,5}` | sample sd of the means of consecutive 1/2/5-min windows (NaN if < 3 windows) | ms |
/// | `HRV_SDNNI{1,2,5}` | mean of the per-window sample sds | ms |
/// | `HRV_RMSSD` | √(Σd²/(n−1)) | ms |
/// | `HRV_SDSD` | sample sd of d (`.neurokit`, default); sample sd of abs(d) (`.pyhrv`); population sd of abs(d) (`.heartpy`) | ms |
/// | `HRV_CVNN`, `HRV_CVSD` | SDNN/MeanNN, RMSSD/MeanNN | 1 |
/// | `HRV_MedianNN`, `HRV_Prc20NN`, `HRV_Prc80NN` | percentiles with linear interpolation (numpy) | ms |
/// | `HRV_MadNN` | 1.4826 · median(abs(x − median x)) | ms |
/// | `HRV_MCVNN` | MadNN/MedianNN | 1 |
/// | `HRV_IQRNN` | P75 − P25 | ms |
/// | `HRV_SDRMSSD` | SDNN/RMSSD (Sollers 2007) | 1 |
/// | `HRV_pNN50`, `HRV_pNN20` | 100 · #(abs(d) > 50 or 20 ms) / n (NeuroKit2 divides by n, not n−1) | % |
/// | `HRV_MinNN`, `HRV_MaxNN` | extremes | ms |
/// | `HRV_HTI` | n / tallest bin of the histogram with bins [k·w, (k+1)·w), w = 1000/128 ms | 1 |
/// | `HRV_TINN` | M − N of the triangle q fitted by least squares to that histogram (Task Force 1996) | ms |
///
/// SDANN/SDNNI windows follow NeuroKit2: cumulative time Tᵢ = Σⱼ≤ᵢ xⱼ, window k covers beats with
/// k·W ≤ Tᵢ < (k+1)·W, number of windows round(Tₙ/W), and (as NeuroKit2 does) the last beat of each
/// window is left out of its mean and sd.
///
/// Reference: Task Force of the ESC and NASPE (1996) Heart rate variability: standards of
/// measurement. Circulation 93:1043–1065; Makowski et al. (2021) NeuroKit2. Behav Res 53:1689–1696.
public enum HRVTime {
    /// Computes the time-domain indices (NeuroKit2 order). Needs at least 3 intervals.
    public static func features(_ rr: RRSeries, parameters: HRVParameters = .init()) throws(PhysioError)
        -> [PhysioFeature]
    {
        try parameters.validate()
        let x = rr.intervalsMs
        let n = x.count
        guard n >= 3 else { throw .notEnough(what: "intervals for time-domain HRV", count: n, needed: 3) }
        var d = [Double](repeating: 0, count: n - 1)
        for i in 0..<(n - 1) { d[i] = x[i + 1] - x[i] }
        var out: [PhysioFeature] = []
        let mean = Stats.mean(x)
        let sdnn = Stats.sd(x, ddof: 1)
        out.append(.init("HRV_MeanNN", mean))
        out.append(.init("HRV_SDNN", sdnn))
        for minutes in [1, 2, 5] {
            let (sdann, sdnni) = windowed(x, minutes: minutes)
            let why = "needs at least 3 windows of \(minutes) min (recording ≥ \(Double(minutes) * 2.5) min)"
            out.append(.init("HRV_SDANN\(minutes)", sdann, reason: why))
            out.append(.init("HRV_SDNNI\(minutes)", sdnni, reason: why))
        }
        var ss = 0.0
        for v in d { ss += v * v }
        let rmssd = (ss / Double(d.count)).squareRoot()
        out.append(.init("HRV_RMSSD", rmssd))
        let sdsd: Double
        switch parameters.sdsd {
        case .neurokit: sdsd = Stats.sd(d, ddof: 1)
        case .pyhrv: sdsd = Stats.sd(d.map { abs($0) }, ddof: 1)
        case .heartpy: sdsd = Stats.sd(d.map { abs($0) }, ddof: 0)
        }
        out.append(.init("HRV_SDSD", sdsd))
        out.append(.init("HRV_CVNN", sdnn / mean))
        out.append(.init("HRV_CVSD", rmssd / mean))
        let pc = Stats.percentiles(x, [50, 25, 75, 20, 80])
        let madnn = Stats.mad(x, scale: 1.4826)
        out.append(.init("HRV_MedianNN", pc[0]))
        out.append(.init("HRV_MadNN", madnn))
        out.append(.init("HRV_MCVNN", madnn / pc[0]))
        out.append(.init("HRV_IQRNN", pc[2] - pc[1]))
        out.append(.init("HRV_SDRMSSD", sdnn / rmssd))
        out.append(.init("HRV_Prc20NN", pc[3]))
        out.append(.init("HRV_Prc80NN", pc[4]))
        var nn50 = 0
        var nn20 = 0
        for v in d {
            if abs(v) > 50 { nn50 += 1 }
            if abs(v) > 20 { nn20 += 1 }
        }
        out.append(.init("HRV_pNN50", Double(nn50) / Double(n) * 100))
        out.append(.init("HRV_pNN20", Double(nn20) / Double(n) * 100))
        out.append(.init("HRV_MinNN", x.min() ?? .nan))
        out.append(.init("HRV_MaxNN", x.max() ?? .nan))
        let hist = histogram(x, binWidth: parameters.histogramBinWidthMs)
        let tallest = hist.max() ?? 0
        out.append(.init("HRV_HTI", tallest > 0 ? Double(n) / Double(tallest) : .nan))
        out.append(
            .init(
                "HRV_TINN",
                tinn(x, counts: hist, binWidth: parameters.histogramBinWidthMs, definition: parameters.tinn),
                reason: "no triangle fits the histogram"))
        return out
    }

    /// Counts in bins [k·w, (k+1)·w) for k = 0…K−1 with edges `arange(0, max + w, w)` (numpy);
    /// the last bin includes its right edge (numpy `histogram`).
    static func histogram(_ x: [Double], binWidth w: Double) -> [Int] {
        let maxV = x.max() ?? 0
        let edgeCount = Int(((maxV + w) / w).rounded(.up))
        let bins = max(edgeCount - 1, 1)
        var counts = [Int](repeating: 0, count: bins)
        let lastEdge = Double(bins) * w
        for v in x {
            if v == lastEdge {
                counts[bins - 1] += 1
                continue
            }
            var k = Int((v / w).rounded(.down))
            // Guard the floating-point edge cases against the exact edges k·w.
            if k < bins && v < Double(k) * w { k -= 1 }
            if k + 1 <= bins && v >= Double(k + 1) * w { k += 1 }
            if k >= 0 && k < bins { counts[k] += 1 }
        }
        return counts
    }

    /// TINN: search N (bin edges from the first edge above min x up to the mode edge X) and M
    /// (edges from X + w below max x) minimising Σ(Dₖ − qₖ)² over the bins from N to M, where q
    /// rises linearly from 0 at N to the tallest count Y at X and falls to 0 at M (evaluated at the
    /// bin edges, NeuroKit2's construction). `.leastSquares` (default) searches all (N, M) without
    /// bound. `.neurokit` reproduces NeuroKit2 0.2.13: only the first N is tried and the error must
    /// beat 2¹⁴, else TINN = 0 (as NeuroKit2 reports on long recordings).
    static func tinn(_ x: [Double], counts: [Int], binWidth w: Double, definition: HRVParameters.TINNDefinition)
        -> Double
    {
        guard let tallest = counts.max(), tallest > 0, let xmin = x.min(), let xmax = x.max() else { return .nan }
        let modeBin = counts.firstIndex(of: tallest) ?? 0
        let y = Double(tallest)
        let edges = (0...counts.count).map { Double($0) * w }
        guard let firstN = edges.firstIndex(where: { $0 - xmin > 0 }) else { return .nan }
        var best = definition == .neurokit ? 16384.0 : Double.infinity
        var bestN = 0.0
        var bestM = 0.0
        var nIdx = firstN
        let lastN = definition == .neurokit ? min(firstN + 1, modeBin) : modeBin
        while nIdx < lastN {
            var mIdx = modeBin + 1
            while mIdx < edges.count && edges[mIdx] < xmax {
                var err = 0.0
                for k in nIdx...mIdx where k < counts.count {
                    let q: Double
                    if k <= modeBin {
                        q = y * (edges[k] - edges[nIdx]) / (edges[modeBin] - edges[nIdx])
                    } else {
                        q = y * (edges[mIdx] - edges[k]) / (edges[mIdx] - edges[modeBin])
                    }
                    let r = Double(counts[k]) - q
                    err += r * r
                }
                if err < best {
                    best = err
                    bestN = edges[nIdx]
                    bestM = edges[mIdx]
                }
                mIdx += 1
            }
            nIdx += 1
        }
        return bestM - bestN
    }

    /// SDANN and SDNNI for windows of `minutes` (NeuroKit2 `_sdann`/`_sdnni`).
    static func windowed(_ x: [Double], minutes: Int) -> (sdann: Double, sdnni: Double) {
        let size = Double(minutes) * 60 * 1000
        var cum = [Double](repeating: 0, count: x.count)
        var t = 0.0
        for i in x.indices {
            t += x[i] / 1000
            cum[i] = t
        }
        let t0 = cum[0]
        let c = cum.map { ($0 - t0) * 1000 + x[0] }
        let windows = Int((c[c.count - 1] / size).rounded(.toNearestOrEven))
        guard windows >= 3 else { return (.nan, .nan) }
        var means: [Double] = []
        var sds: [Double] = []
        for k in 0..<windows {
            let start = Double(k) * size
            let a = lowerBound(c, start)
            let b = lowerBound(c, start + size) - 1
            guard a < c.count, b >= 0 else { continue }
            let seg = a < b ? Array(x[a..<b]) : []
            means.append(Stats.mean(seg))
            sds.append(Stats.sd(seg, ddof: 1))
        }
        let finiteMeans = means.filter { !$0.isNaN }
        let finiteSds = sds.filter { !$0.isNaN }
        return (Stats.sd(finiteMeans, ddof: 1), Stats.mean(finiteSds))
    }
}

/// First index i with `sorted[i] >= value` (`sorted.count` if none).
func lowerBound(_ sorted: [Double], _ value: Double) -> Int {
    var lo = 0
    var hi = sorted.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
