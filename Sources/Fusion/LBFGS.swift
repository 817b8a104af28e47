import Foundation

/// Limited-memory BFGS minimiser (Nocedal 1980; Liu & Nocedal 1989) with a strong-Wolfe line
/// search (Nocedal & Wright 2006, algorithms 3.5–3.6, cubic interpolation in `zoom`).
///
/// Stops when max|∇f| ≤ `gradientTolerance` (scipy L-BFGS-B `pgtol`, what scikit-learn passes as
/// `tol`) or when the relative decrease (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤
/// `functionTolerance` (scikit-learn passes 64·ε), or after `maxIterations`.
struct LBFGS {
    var memory = 10
    var maxIterations = 1000
    var gradientTolerance = 1e-8
    var functionTolerance = 64 * Double.ulpOfOne
    var maxLineSearch = 50

    struct Result {
        var x: [Double]
        var value: Double
        var iterations: Int
        var gradientMaxAbs: Double
        var converged: Bool
        /// Objective-and-gradient evaluations (each one pass over the data for a sum objective).
        var evaluations: Int
    }

    /// Minimises `f`, which returns f(x) and writes ∇f(x) into its second argument. `initial`, if
    /// given, is f(x0) and ∇f(x0) already computed by the caller (saves one evaluation).
    /// `precondition`, if given, applies M⁻¹ for a fixed symmetric positive definite M that
    /// approximates the Hessian's shape; the initial inverse Hessian is then γ·M⁻¹ with
    /// γ = sᵀy / yᵀM⁻¹y (preconditioned L-BFGS; Nocedal & Wright §7.2). The minimiser is unchanged.
    func minimize(
        _ x0: [Double], precondition: ((inout [Double]) -> Void)? = nil,
        initial: (value: Double, gradient: [Double])? = nil, _ objective: ([Double], inout [Double]) -> Double
    ) -> Result {
        var evaluations = 0
        func f(_ x: [Double], _ g: inout [Double]) -> Double {
            evaluations += 1
            return objective(x, &g)
        }
        let n = x0.count
        var x = x0
        var g = initial?.gradient ?? [Double](repeating: 0, count: n)
        var fx = initial?.value ?? f(x, &g)
        var sList: [[Double]] = []
        var yList: [[Double]] = []
        var rhoList: [Double] = []
        var iter = 0
        var gmax = BLAS.maxAbs(g)
        if gmax <= gradientTolerance {
            return Result(
                x: x, value: fx, iterations: 0, gradientMaxAbs: gmax, converged: true, evaluations: evaluations)
        }
        var alpha = [Double](repeating: 0, count: memory)
        while iter < maxIterations {
            iter += 1
            // Two-loop recursion: d = −H·g.
            var q = g
            let m = sList.count
            for i in stride(from: m - 1, through: 0, by: -1) {
                alpha[i] = rhoList[i] * BLAS.dot(sList[i], q)
                BLAS.axpy(-alpha[i], yList[i], &q)
            }
            if let pre = precondition {
                pre(&q)
                if m > 0 {
                    var my = yList[m - 1]
                    pre(&my)
                    BLAS.scal(BLAS.dot(sList[m - 1], yList[m - 1]) / BLAS.dot(yList[m - 1], my), &q)
                }
            } else if m > 0 {
                let gamma = BLAS.dot(sList[m - 1], yList[m - 1]) / BLAS.dot(yList[m - 1], yList[m - 1])
                BLAS.scal(gamma, &q)
            }
            for i in 0..<m {
                let beta = rhoList[i] * BLAS.dot(yList[i], q)
                BLAS.axpy(alpha[i] - beta, sList[i], &q)
            }
            var d = q
            BLAS.scal(-1, &d)
            var dg = BLAS.dot(d, g)
            if !(dg < 0) {  // not a descent direction: restart with steepest descent
                sList.removeAll()
                yList.removeAll()
                rhoList.removeAll()
                d = g
                BLAS.scal(-1, &d)
                dg = BLAS.dot(d, g)
            }
            let initialStep = m == 0 && precondition == nil ? min(1, 1 / max(BLAS.maxAbs(g), 1e-300)) : 1
            guard let ls = lineSearch(x: x, fx: fx, g: g, d: d, dg: dg, step: initialStep, f) else {
                return Result(
                    x: x, value: fx, iterations: iter, gradientMaxAbs: gmax, converged: gmax <= gradientTolerance,
                    evaluations: evaluations)
            }
            var s = ls.x
            BLAS.axpy(-1, x, &s)
            var y = ls.g
            BLAS.axpy(-1, g, &y)
            let sy = BLAS.dot(s, y)
            let fPrev = fx
            x = ls.x
            g = ls.g
            fx = ls.f
            gmax = BLAS.maxAbs(g)
            if sy > 1e-300 * BLAS.dot(y, y) && sy > 0 {
                if sList.count == memory {
                    sList.removeFirst()
                    yList.removeFirst()
                    rhoList.removeFirst()
                }
                sList.append(s)
                yList.append(y)
                rhoList.append(1 / sy)
            }
            if gmax <= gradientTolerance {
                return Result(
                    x: x, value: fx, iterations: iter, gradientMaxAbs: gmax, converged: true, evaluations: evaluations)
            }
            if (fPrev - fx) / max(abs(fPrev), abs(fx), 1) <= functionTolerance {
                return Result(
                    x: x, value: fx, iterations: iter, gradientMaxAbs: gmax, converged: true, evaluations: evaluations)
            }
        }
        return Result(
            x: x, value: fx, iterations: iter, gradientMaxAbs: gmax, converged: false, evaluations: evaluations)
    }

    private struct Point {
        var x: [Double]
        var f: Double
        var g: [Double]
        var dg: Double
        var step: Double
    }

    /// Strong Wolfe line search with c1 = 1e-4, c2 = 0.9 (the quasi-Newton values).
    private func lineSearch(
        x: [Double], fx: Double, g: [Double], d: [Double], dg: Double, step: Double,
        _ f: ([Double], inout [Double]) -> Double
    ) -> Point? {
        let c1 = 1e-4
        let c2 = 0.9
        func eval(_ a: Double) -> Point {
            var xn = x
            BLAS.axpy(a, d, &xn)
            var gn = [Double](repeating: 0, count: x.count)
            let fn = f(xn, &gn)
            return Point(x: xn, f: fn, g: gn, dg: BLAS.dot(gn, d), step: a)
        }
        var prev = Point(x: x, f: fx, g: g, dg: dg, step: 0)
        var a = step
        var evals = 0
        func zoom(_ loIn: Point, _ hiIn: Point) -> Point? {
            var lo = loIn
            var hi = hiIn
            while evals < maxLineSearch {
                evals += 1
                // Cubic interpolation between lo and hi, safeguarded to the middle 80 %.
                let a1 = lo.step
                let a2 = hi.step
                let d1 = lo.dg + hi.dg - 3 * (lo.f - hi.f) / (a1 - a2)
                let disc = d1 * d1 - lo.dg * hi.dg
                var at: Double
                if disc >= 0 {
                    let d2 = (a2 > a1 ? 1.0 : -1.0) * disc.squareRoot()
                    at = a2 - (a2 - a1) * (hi.dg + d2 - d1) / (hi.dg - lo.dg + 2 * d2)
                } else {
                    at = 0.5 * (a1 + a2)
                }
                let lowB = min(a1, a2)
                let width = abs(a2 - a1)
                if !at.isFinite || at < lowB + 0.1 * width || at > lowB + 0.9 * width { at = 0.5 * (a1 + a2) }
                let p = eval(at)
                if p.f > fx + c1 * at * dg || p.f >= lo.f {
                    hi = p
                } else {
                    if abs(p.dg) <= -c2 * dg { return p }
                    if p.dg * (a2 - a1) >= 0 { hi = lo }
                    lo = p
                }
                if width < 1e-16 * max(1, abs(a1)) { return lo.step > 0 ? lo : nil }
            }
            return lo.step > 0 ? lo : nil
        }
        while evals < maxLineSearch {
            evals += 1
            let p = eval(a)
            if !p.f.isFinite {
                a *= 0.5
                continue
            }
            if p.f > fx + c1 * a * dg || (evals > 1 && p.f >= prev.f) { return zoom(prev, p) }
            if abs(p.dg) <= -c2 * dg { return p }
            if p.dg >= 0 { return zoom(p, prev) }
            prev = p
            a *= 2
        }
        return nil
    }
}
