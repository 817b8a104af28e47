import Foundation

/// Summary statistics on `[Double]`. All functions expect finite inputs (stages validate first) and
/// return NaN for inputs too short to define the statistic, never a made-up value.
public enum Stats {
    /// Arithmetic mean Σx/n. NaN for an empty input.
    public static func mean(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return .nan }
        var s = 0.0
        for v in x { s += v }
        return s / Double(x.count)
    }

    /// Variance Σ(x − x̄)²/(n − ddof): ddof = 1 is the sample variance (NeuroKit2's `np.std(ddof=1)`),
    /// ddof = 0 the population variance (numpy default). Two-pass for accuracy. NaN if n ≤ ddof.
    public static func variance(_ x: [Double], ddof: Int = 1) -> Double {
        guard x.count > ddof else { return .nan }
        let m = mean(x)
        var s = 0.0
        var c = 0.0
        for v in x {
            let d = v - m
            s += d * d
            c += d
        }
        // Corrected two-pass algorithm (Chan, Golub & LeVeque 1983).
        return (s - c * c / Double(x.count)) / Double(x.count - ddof)
    }

    /// Standard deviation √variance(x, ddof).
    public static func sd(_ x: [Double], ddof: Int = 1) -> Double { variance(x, ddof: ddof).squareRoot() }

    /// Percentile q ∈ [0, 100] with linear interpolation between order statistics
    /// (numpy `percentile(method="linear")`, Hyndman & Fan type 7). NaN for an empty input.
    public static func percentile(_ x: [Double], _ q: Double) -> Double {
        percentiles(x, [q])[0]
    }

    /// Several percentiles with one sort.
    public static func percentiles(_ x: [Double], _ qs: [Double]) -> [Double] {
        guard !x.isEmpty else { return qs.map { _ in .nan } }
        let s = x.sorted()
        return qs.map { q in
            let pos = min(max(q, 0), 100) / 100 * Double(s.count - 1)
            let lo = Int(pos.rounded(.down))
            let hi = min(lo + 1, s.count - 1)
            let frac = pos - Double(lo)
            return s[lo] + (s[hi] - s[lo]) * frac
        }
    }

    /// Median (50th percentile, linear).
    public static func median(_ x: [Double]) -> Double { percentile(x, 50) }

    /// Median absolute deviation, scaled by 1.4826 (consistent for the normal sd; NeuroKit2 `mad`).
    public static func mad(_ x: [Double], scale: Double = 1.482_602_218_505_602) -> Double {
        let m = median(x)
        return scale * median(x.map { abs($0 - m) })
    }

    /// Sample skewness g1 = m3 / m2^{3/2} (biased moments, scipy.stats.skew default). NaN if n < 2
    /// or the input is constant.
    public static func skewness(_ x: [Double]) -> Double {
        guard x.count >= 2 else { return .nan }
        let m = mean(x)
        var m2 = 0.0
        var m3 = 0.0
        for v in x {
            let d = v - m
            m2 += d * d
            m3 += d * d * d
        }
        m2 /= Double(x.count)
        m3 /= Double(x.count)
        return m2 > 0 ? m3 / pow(m2, 1.5) : .nan
    }

    /// Excess kurtosis g2 = m4 / m2² − 3 (Fisher, biased; scipy.stats.kurtosis default).
    public static func kurtosis(_ x: [Double]) -> Double {
        guard x.count >= 2 else { return .nan }
        let m = mean(x)
        var m2 = 0.0
        var m4 = 0.0
        for v in x {
            let d = v - m
            m2 += d * d
            m4 += d * d * d * d
        }
        m2 /= Double(x.count)
        m4 /= Double(x.count)
        return m2 > 0 ? m4 / (m2 * m2) - 3 : .nan
    }

    /// Least-squares line y ≈ slope·x + intercept. NaN for fewer than 2 points or constant x.
    public static func linearFit(x: [Double], y: [Double]) -> (slope: Double, intercept: Double) {
        guard x.count == y.count, x.count >= 2 else { return (.nan, .nan) }
        let mx = mean(x)
        let my = mean(y)
        var sxy = 0.0
        var sxx = 0.0
        for i in 0..<x.count {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
        }
        guard sxx > 0 else { return (.nan, .nan) }
        let slope = sxy / sxx
        return (slope, my - slope * mx)
    }

    /// Pearson correlation coefficient. NaN if either input is constant or lengths differ.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count == y.count, x.count >= 2 else { return .nan }
        let mx = mean(x)
        let my = mean(y)
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for i in 0..<x.count {
            let a = x[i] - mx
            let b = y[i] - my
            sxy += a * b
            sxx += a * a
            syy += b * b
        }
        guard sxx > 0, syy > 0 else { return .nan }
        return sxy / (sxx * syy).squareRoot()
    }

    /// Lin's concordance correlation coefficient CCC = 2·s_xy / (s_x² + s_y² + (x̄ − ȳ)²) (Lin 1989)
    /// with moments divided by n − ddof: ddof = 0 population moments (the AVEC convention), ddof = 1
    /// sample moments (torchmetrics `concordance_corrcoef`). Symmetric in x and y. NaN when the
    /// lengths differ, n ≤ max(ddof, 1), or both series are constant.
    public static func ccc(_ x: [Double], _ y: [Double], ddof: Int = 0) -> Double {
        guard x.count == y.count, x.count > max(ddof, 1) else { return .nan }
        let mx = mean(x)
        let my = mean(y)
        var sxy = 0.0
        for i in x.indices { sxy += (x[i] - mx) * (y[i] - my) }
        sxy /= Double(x.count - ddof)
        let den = variance(x, ddof: ddof) + variance(y, ddof: ddof) + (mx - my) * (mx - my)
        return den > 0 ? 2 * sxy / den : .nan
    }

    /// Root-mean-square difference √(Σ(x − y)²/n). NaN for empty or unequal inputs.
    public static func rmse(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count == y.count, !x.isEmpty else { return .nan }
        var s = 0.0
        for i in x.indices { s += (x[i] - y[i]) * (x[i] - y[i]) }
        return (s / Double(x.count)).squareRoot()
    }

    /// Mean absolute difference Σ|x − y|/n. NaN for empty or unequal inputs.
    public static func mae(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count == y.count, !x.isEmpty else { return .nan }
        var s = 0.0
        for i in x.indices { s += abs(x[i] - y[i]) }
        return s / Double(x.count)
    }
}
