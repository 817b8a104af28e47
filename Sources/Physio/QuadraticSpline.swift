/// Quadratic interpolating B-spline with SciPy's default knots for k = 2
/// (`scipy.interpolate.make_interp_spline(x, y, k=2)`, used by `interp1d(kind="quadratic")`):
/// knots t = (x₀, x₀, x₀, m₁, …, mₙ₋₃, xₙ₋₁, xₙ₋₁, xₙ₋₁) with mⱼ = (xⱼ + xⱼ₊₁)/2, i.e. the
/// Greville midpoints without the first and last ("not-a-knot"-like). The n collocation
/// equations are tridiagonal (each xᵢ touches three basis functions) and, the B-spline collocation
/// matrix being totally positive, are solved without pivoting (de Boor 1978, ch. XIII).
/// Outside [x₀, xₙ₋₁] the end values are held (NeuroKit2 `signal_interpolate` fill values).
/// This exists only to reproduce NeuroKit2's 100 Hz tachogram; the workbench default is SignalCore's
/// cubic spline.
struct QuadraticSpline {
    let knots: [Double]
    let coefficients: [Double]
    let x: [Double]
    let y: [Double]

    /// Requires n ≥ 3 strictly increasing abscissae.
    init?(x: [Double], y: [Double]) {
        let n = x.count
        guard n >= 3, y.count == n else { return nil }
        for i in 1..<n where !(x[i] > x[i - 1]) { return nil }
        var t = [x[0], x[0], x[0]]
        if n > 3 { for j in 1...(n - 3) { t.append((x[j] + x[j + 1]) / 2) } }
        t += [x[n - 1], x[n - 1], x[n - 1]]
        self.knots = t
        self.x = x
        self.y = y
        // Tridiagonal system: row i has entries at columns c−1, c, c+1 (c clamped to 1…n−2).
        var lower = [Double](repeating: 0, count: n)
        var diag = [Double](repeating: 0, count: n)
        var upper = [Double](repeating: 0, count: n)
        var rows: [(Int, [Double])] = []
        for i in 0..<n {
            let l = Self.interval(t, x[i], n)
            rows.append((l, Self.basis(t, x[i], l)))
        }
        // Columns of row i are l−2…l; map onto the tridiagonal layout around the diagonal i.
        var dense: [[Double]] = Array(repeating: [0, 0, 0], count: n)  // [i−1, i, i+1]
        for i in 0..<n {
            let (l, b) = rows[i]
            for (k, v) in b.enumerated() {
                let col = l - 2 + k
                let off = col - i + 1
                if off >= 0 && off <= 2 { dense[i][off] += v }
            }
        }
        for i in 0..<n {
            lower[i] = dense[i][0]
            diag[i] = dense[i][1]
            upper[i] = dense[i][2]
        }
        // Thomas algorithm.
        var c = upper
        var d = y
        c[0] = upper[0] / diag[0]
        d[0] = y[0] / diag[0]
        for i in 1..<n {
            let m = diag[i] - lower[i] * c[i - 1]
            c[i] = upper[i] / m
            d[i] = (y[i] - lower[i] * d[i - 1]) / m
        }
        var coef = d
        for i in stride(from: n - 2, through: 0, by: -1) { coef[i] = d[i] - c[i] * coef[i + 1] }
        self.coefficients = coef
    }

    /// Knot interval l with t[l] ≤ v < t[l+1], clamped to 2…n−1.
    static func interval(_ t: [Double], _ v: Double, _ n: Int) -> Int {
        var lo = 2
        var hi = n - 1
        if v >= t[hi] { return hi }
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if t[mid] <= v { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Values of the three degree-2 B-splines B_{l−2}, B_{l−1}, B_l at v (de Boor's BSPLVB).
    static func basis(_ t: [Double], _ v: Double, _ l: Int) -> [Double] {
        var b = [1.0, 0, 0]
        var left = [0.0, 0, 0]
        var right = [0.0, 0, 0]
        for j in 1...2 {
            left[j] = v - t[l + 1 - j]
            right[j] = t[l + j] - v
            var saved = 0.0
            for r in 0..<j {
                let term = b[r] / (right[r + 1] + left[j - r])
                b[r] = saved + right[r + 1] * term
                saved = left[j - r] * term
            }
            b[j] = saved
        }
        return b
    }

    /// The spline at the query points.
    func evaluate(_ q: [Double]) -> [Double] {
        let n = x.count
        return q.map { v in
            if v < x[0] { return y[0] }
            if v > x[n - 1] { return y[n - 1] }
            let l = Self.interval(knots, v, n)
            let b = Self.basis(knots, v, l)
            return b[0] * coefficients[l - 2] + b[1] * coefficients[l - 1] + b[2] * coefficients[l]
        }
    }
}
