import Foundation

/// Interpolation of samples y_i at strictly increasing times t_i, evaluated at query times.
///
/// Methods (SciPy equivalents):
/// - `.linear`: piecewise linear (`numpy.interp`; outside the range the end values are held).
/// - `.cubicNotAKnot`: C² cubic spline whose third derivative is also continuous at t_1 and
///   t_{n−2} (`scipy.interpolate.CubicSpline`, default `bc_type="not-a-knot"`); 3 points give the
///   interpolating parabola, 2 a line.
/// - `.cubicNatural`: C² cubic spline with zero second derivative at both ends (`bc_type="natural"`).
/// - `.pchip`: shape-preserving monotone piecewise cubic Hermite (Fritsch & Carlson 1980;
///   `scipy.interpolate.PchipInterpolator`), no overshoot between samples.
/// Cubic methods extrapolate with the end polynomials (SciPy's default `extrapolate=True`).
/// Reference: de Boor, A Practical Guide to Splines (1978), ch. IV.
public enum Interpolation: String, Sendable, Codable, CaseIterable {
    case linear
    case cubicNotAKnot = "cubic"
    case cubicNatural = "cubic_natural"
    case pchip

    /// Values at `query` of the interpolant through (t, y).
    public func evaluate(t: [Double], y: [Double], at query: [Double]) throws(SignalError) -> [Double] {
        guard t.count == y.count else {
            throw .mismatch(what: "interpolation input", detail: "\(t.count) times but \(y.count) values")
        }
        guard t.count >= 2 else { throw .tooShort(what: "interpolation input", count: t.count, needed: 2) }
        try requireFinite(t, what: "interpolation times")
        try requireFinite(y, what: "interpolation values")
        try requireFinite(query, what: "interpolation query times")
        for i in 1..<t.count where !(t[i] > t[i - 1]) {
            throw .invalidParameter(
                name: "interpolation times", value: "t[\(i)] = \(t[i]) after t[\(i - 1)] = \(t[i - 1])",
                expected: "strictly increasing times")
        }
        switch self {
        case .linear: return Interpolation.linear(t, y, query)
        case .cubicNotAKnot, .cubicNatural:
            let m = Interpolation.splineSecondDerivatives(t, y, natural: self == .cubicNatural)
            return Interpolation.evaluateSpline(t, y, m, query)
        case .pchip:
            return Interpolation.evaluateHermite(t, y, Interpolation.pchipSlopes(t, y), query)
        }
    }

    /// Index i of the interval [t_i, t_{i+1}] used for x (end intervals for out-of-range x).
    static func interval(_ t: [Double], _ x: Double, hint: inout Int) -> Int {
        let last = t.count - 2
        if x <= t[0] { return 0 }
        if x >= t[t.count - 1] { return last }
        var i = min(max(hint, 0), last)
        if t[i] <= x && x <= t[i + 1] { return i }
        if i < last && t[i + 1] <= x && x <= t[i + 2] {
            hint = i + 1
            return i + 1
        }
        var lo = 0
        var hi = t.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if t[mid] <= x { lo = mid } else { hi = mid }
        }
        i = min(lo, last)
        hint = i
        return i
    }

    static func linear(_ t: [Double], _ y: [Double], _ q: [Double]) -> [Double] {
        var hint = 0
        return q.map { x in
            if x <= t[0] { return y[0] }
            if x >= t[t.count - 1] { return y[y.count - 1] }
            let i = interval(t, x, hint: &hint)
            let slope = (y[i + 1] - y[i]) / (t[i + 1] - t[i])
            return y[i] + slope * (x - t[i])
        }
    }

    /// Second derivatives M_i of the cubic spline (tridiagonal system, Thomas algorithm).
    static func splineSecondDerivatives(_ t: [Double], _ y: [Double], natural: Bool) -> [Double] {
        let n = t.count
        if n == 2 { return [0, 0] }
        let h = (0..<(n - 1)).map { t[$0 + 1] - t[$0] }
        let slope = (0..<(n - 1)).map { (y[$0 + 1] - y[$0]) / h[$0] }
        if n == 3 && !natural {
            // not-a-knot with 3 points: the parabola through them.
            let m = 2 * (slope[1] - slope[0]) / (h[0] + h[1])
            return [m, m, m]
        }
        // Unknowns M_1 … M_{n−2}; rows i = 1 … n−2:
        // h_{i−1} M_{i−1} + 2(h_{i−1} + h_i) M_i + h_i M_{i+1} = 6(slope_i − slope_{i−1}).
        let k = n - 2
        var sub = [Double](repeating: 0, count: k)
        var diag = [Double](repeating: 0, count: k)
        var sup = [Double](repeating: 0, count: k)
        var rhs = [Double](repeating: 0, count: k)
        for r in 0..<k {
            let i = r + 1
            sub[r] = h[i - 1]
            diag[r] = 2 * (h[i - 1] + h[i])
            sup[r] = h[i]
            rhs[r] = 6 * (slope[i] - slope[i - 1])
        }
        if !natural {
            // M_0 = ((h0 + h1) M_1 − h0 M_2)/h1 and symmetrically at the end (third-derivative continuity).
            let (h0, h1) = (h[0], h[1])
            diag[0] += h0 * (h0 + h1) / h1
            sup[0] -= h0 * h0 / h1
            let (ha, hb) = (h[n - 3], h[n - 2])
            diag[k - 1] += hb * (ha + hb) / ha
            sub[k - 1] -= hb * hb / ha
        }
        // Thomas algorithm.
        for r in 1..<k {
            let w = sub[r] / diag[r - 1]
            diag[r] -= w * sup[r - 1]
            rhs[r] -= w * rhs[r - 1]
        }
        var m = [Double](repeating: 0, count: n)
        m[k] = rhs[k - 1] / diag[k - 1]
        if k >= 2 {
            for r in stride(from: k - 2, through: 0, by: -1) { m[r + 1] = (rhs[r] - sup[r] * m[r + 2]) / diag[r] }
        }
        if !natural {
            m[0] = ((h[0] + h[1]) * m[1] - h[0] * m[2]) / h[1]
            m[n - 1] = ((h[n - 3] + h[n - 2]) * m[n - 2] - h[n - 2] * m[n - 3]) / h[n - 3]
        }
        return m
    }

    static func evaluateSpline(_ t: [Double], _ y: [Double], _ m: [Double], _ q: [Double]) -> [Double] {
        var hint = 0
        return q.map { x in
            let i = interval(t, x, hint: &hint)
            let h = t[i + 1] - t[i]
            let a = t[i + 1] - x
            let b = x - t[i]
            return m[i] * a * a * a / (6 * h) + m[i + 1] * b * b * b / (6 * h)
                + (y[i] / h - m[i] * h / 6) * a + (y[i + 1] / h - m[i + 1] * h / 6) * b
        }
    }

    /// PCHIP slopes: weighted harmonic mean of neighbouring secants, 0 at local extrema; end slopes
    /// by the non-centred three-point formula with SciPy's shape-preserving limits.
    static func pchipSlopes(_ t: [Double], _ y: [Double]) -> [Double] {
        let n = t.count
        let h = (0..<(n - 1)).map { t[$0 + 1] - t[$0] }
        let m = (0..<(n - 1)).map { (y[$0 + 1] - y[$0]) / h[$0] }
        if n == 2 { return [m[0], m[0]] }
        var d = [Double](repeating: 0, count: n)
        for k in 1..<(n - 1) {
            if m[k - 1] * m[k] <= 0 { continue }
            let w1 = 2 * h[k] + h[k - 1]
            let w2 = h[k] + 2 * h[k - 1]
            d[k] = (w1 + w2) / (w1 / m[k - 1] + w2 / m[k])
        }
        func sign(_ v: Double) -> Int { v > 0 ? 1 : (v < 0 ? -1 : 0) }
        func edge(_ h0: Double, _ h1: Double, _ m0: Double, _ m1: Double) -> Double {
            let e = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1)
            if sign(e) != sign(m0) { return 0 }
            if sign(m0) != sign(m1) && abs(e) > 3 * abs(m0) { return 3 * m0 }
            return e
        }
        d[0] = edge(h[0], h[1], m[0], m[1])
        d[n - 1] = edge(h[n - 2], h[n - 3], m[n - 2], m[n - 3])
        return d
    }

    static func evaluateHermite(_ t: [Double], _ y: [Double], _ d: [Double], _ q: [Double]) -> [Double] {
        var hint = 0
        return q.map { x in
            let i = interval(t, x, hint: &hint)
            let h = t[i + 1] - t[i]
            let s = (x - t[i]) / h
            let s2 = s * s
            let s3 = s2 * s
            return (2 * s3 - 3 * s2 + 1) * y[i] + (s3 - 2 * s2 + s) * h * d[i]
                + (-2 * s3 + 3 * s2) * y[i + 1] + (s3 - s2) * h * d[i + 1]
        }
    }
}
