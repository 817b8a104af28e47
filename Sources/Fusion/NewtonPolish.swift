import Foundation

extension LogisticObjective {
    /// Hessian of the scaled objective at θ, p × p with p = K'(d + 1) in θ's layout [W | b]:
    /// `H = (1/S)·Σᵢ sᵢ·(diag(pᵢ) − pᵢpᵢᵀ) ⊗ x̃ᵢx̃ᵢᵀ + λ·I_W` (x̃ = [x, 1], λ = 1/(C·S)), built
    /// block by block as X̃ᵀ·diag(wₖₗ)·X̃ with dgemm. For K' > 1 the intercept gauge direction
    /// (all intercepts +1) has zero curvature; `1/K` curvature is added along it, which leaves the
    /// Newton step unchanged because the gradient is orthogonal to that direction.
    func hessian(_ theta: [Double]) -> Matrix {
        let n = x.rows
        let d = x.cols
        let k = outputs
        let da = d + 1
        let p = k * da
        var xa = [Double](repeating: 1, count: n * da)
        for i in 0..<n { for j in 0..<d { xa[i * da + j] = x.data[i * d + j] } }
        // Probabilities (multinomial) or p(1 − p) weights (binary).
        var z = Matrix(rows: n, cols: k)
        let w = Matrix(uncheckedRows: k, cols: d, data: Array(theta[0..<(k * d)]))
        try? Matrix.gemm(x, w, transposeB: true, into: &z)
        var prob = [Double](repeating: 0, count: n * k)
        for i in 0..<n {
            if k == 1 {
                let t = z.data[i] + theta[k * d]
                prob[i] = 1 / (1 + exp(-t))
            } else {
                var m = -Double.infinity
                for j in 0..<k { m = max(m, z.data[i * k + j] + theta[k * d + j]) }
                var s = 0.0
                for j in 0..<k {
                    prob[i * k + j] = exp(z.data[i * k + j] + theta[k * d + j] - m)
                    s += prob[i * k + j]
                }
                for j in 0..<k { prob[i * k + j] /= s }
            }
        }
        let inv = 1 / totalWeight
        var h = Matrix(rows: p, cols: p)
        var scaled = [Double](repeating: 0, count: n * da)
        var block = [Double](repeating: 0, count: da * da)
        for a in 0..<k {
            for b in a..<k {
                for i in 0..<n {
                    let wi: Double
                    if k == 1 {
                        wi = weights[i] * inv * prob[i] * (1 - prob[i])
                    } else {
                        let pa = prob[i * k + a]
                        wi = weights[i] * inv * ((a == b ? pa : 0) - pa * prob[i * k + b])
                    }
                    for j in 0..<da { scaled[i * da + j] = xa[i * da + j] * wi }
                }
                scaled.withUnsafeBufferPointer { sp in
                    xa.withUnsafeBufferPointer { xp in
                        block.withUnsafeMutableBufferPointer { bp in
                            BLAS.gemm(
                                transA: true, transB: false, m: da, n: da, k: n, alpha: 1, a: sp.baseAddress!, lda: da,
                                b: xp.baseAddress!, ldb: da, beta: 0, c: bp.baseAddress!, ldc: da)
                        }
                    }
                }
                for r in 0..<da {
                    for c in 0..<da {
                        let ir = index(a, r, d)
                        let ic = index(b, c, d)
                        h[ir, ic] = block[r * da + c]
                        h[ic, ir] = block[r * da + c]
                    }
                }
            }
        }
        let lambda = inv / C
        for a in 0..<k { for j in 0..<d { h[a * d + j, a * d + j] += lambda } }
        if k > 1 {
            for a in 0..<k { for b in 0..<k { h[k * d + a, k * d + b] += 1 / Double(k * k) } }
        }
        return h
    }

    private func index(_ cls: Int, _ j: Int, _ d: Int) -> Int { j < d ? cls * d + j : outputs * d + cls }

    /// Newton steps with backtracking from θ until max|∇f| ≤ `tol`, no further decrease, or
    /// `maxSteps`; returns the final θ, value and gradient max.
    func newtonPolish(_ theta0: [Double], tol: Double, maxSteps: Int = 20) -> (
        theta: [Double], value: Double, gradientMaxAbs: Double, steps: Int
    ) {
        var theta = theta0
        var g = [Double](repeating: 0, count: theta.count)
        var f = evaluate(theta, &g)
        var steps = 0
        while steps < maxSteps && BLAS.maxAbs(g) > tol {
            steps += 1
            let h = hessian(theta)
            guard let delta = try? Matrix.solveSPD(h, Matrix(uncheckedRows: g.count, cols: 1, data: g)) else { break }
            var t = 1.0
            var accepted = false
            for _ in 0..<30 {
                var cand = theta
                BLAS.axpy(-t, delta.data, &cand)
                var gc = [Double](repeating: 0, count: theta.count)
                let fc = evaluate(cand, &gc)
                if fc <= f || BLAS.maxAbs(gc) < BLAS.maxAbs(g) {
                    theta = cand
                    f = fc
                    g = gc
                    accepted = true
                    break
                }
                t *= 0.5
            }
            if !accepted { break }
        }
        return (theta, f, BLAS.maxAbs(g), steps)
    }
}
