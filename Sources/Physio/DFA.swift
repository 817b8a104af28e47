import Foundation
import SignalCore

/// Detrended fluctuation analysis (Peng et al. 1995), NeuroKit2 0.2.13 `fractal_dfa` definition.
///
/// y = cumsum(x − x̄). For each window size w the segments start at 0, ⌊w/2⌋, 2⌊w/2⌋, … while the
/// start is < N − w (50 % overlap); each segment gets its least-squares line removed and its
/// population variance of residuals σ² (segments with σ² ≤ 1e-8 are dropped).
/// F(w) = √(mean σ²); α is the least-squares slope of log₂F(w) against log₂w.
public enum DFA {
    /// α over the given window sizes (duplicates are kept, as NeuroKit2 does). NaN if fewer than
    /// two windows give a fluctuation.
    public static func alpha(_ x: [Double], windows: [Int]) -> Double {
        let n = x.count
        guard n >= 4, windows.count >= 2, windows.allSatisfy({ $0 >= 2 && $0 < n }) else { return .nan }
        var mean = 0.0
        for v in x { mean += v }
        mean /= Double(n)
        var y = [Double](repeating: 0, count: n)
        var acc = 0.0
        for i in 0..<n {
            acc += x[i] - mean
            y[i] = acc
        }
        var lx: [Double] = []
        var ly: [Double] = []
        for w in windows {
            let f = fluctuation(y, window: w)
            guard f.isFinite, f > 0 else { continue }
            lx.append(log2(Double(w)))
            ly.append(log2(f))
        }
        guard lx.count >= 2 else { return .nan }
        return Stats.linearFit(x: lx, y: ly).slope
    }

    /// F(w) for the integrated profile `y`.
    static func fluctuation(_ y: [Double], window w: Int) -> Double {
        let n = y.count
        let step = max(w / 2, 1)
        // Window abscissae 0..w−1: centred sums for the closed-form line fit.
        let xm = Double(w - 1) / 2
        var sxx = 0.0
        for k in 0..<w { sxx += (Double(k) - xm) * (Double(k) - xm) }
        var total = 0.0
        var count = 0
        var start = 0
        y.withUnsafeBufferPointer { yp in
            while start < n - w {
                var sy = 0.0
                for k in 0..<w { sy += yp[start + k] }
                let ym = sy / Double(w)
                var sxy = 0.0
                for k in 0..<w { sxy += (Double(k) - xm) * (yp[start + k] - ym) }
                let slope = sxy / sxx
                var ss = 0.0
                for k in 0..<w {
                    let r = yp[start + k] - ym - slope * (Double(k) - xm)
                    ss += r * r
                }
                let v = ss / Double(w)
                if v > 1e-8 {
                    total += v
                    count += 1
                }
                start += step
            }
        }
        return count > 0 ? (total / Double(count)).squareRoot() : .nan
    }

    /// NeuroKit2's HRV scales: α1 over `dfaShortRange` (default 4…11), α2 over
    /// `linspace(12, ⌊(n+1)/10⌋, ⌊(n+1)/10 − 12 + 1⌋)` truncated to integers (NaN when
    /// (n+1)/10 < 13).
    static func hrvAlphas(_ x: [Double], parameters: HRVParameters) -> (Double, Double) {
        let n = x.count
        guard n >= 12 else { return (.nan, .nan) }
        let short = Array(parameters.dfaShortRange)
        let a1 = alpha(x, windows: short)
        let maxBeats = Double(n + 1) / 10
        let lo = parameters.dfaLongMinimum
        guard maxBeats >= Double(lo + 1) else { return (a1, .nan) }
        let count = Int(maxBeats - Double(lo) + 1)
        let long = linspaceInt(Double(lo), Double(Int(maxBeats)), count)
        return (a1, alpha(x, windows: long))
    }

    /// numpy `linspace(start, stop, num).astype(int)`.
    static func linspaceInt(_ start: Double, _ stop: Double, _ num: Int) -> [Int] {
        guard num > 1 else { return num == 1 ? [Int(start)] : [] }
        let step = (stop - start) / Double(num - 1)
        var out = (0..<num).map { Int(Double($0) * step + start) }
        out[num - 1] = Int(stop)
        return out
    }
}
