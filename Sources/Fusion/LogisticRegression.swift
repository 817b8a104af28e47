import Foundation

/// L2-penalised logistic regression with scikit-learn's objective and conventions.
///
/// Objective (scikit-learn `LogisticRegression(penalty="l2")`, identical minimiser):
/// `min_{W,b}  C·Σᵢ sᵢ·ℓ(yᵢ, W xᵢ + b) + ½‖W‖²_F`, intercept b not penalised, sᵢ the sample
/// (class) weight. K > 2 classes: multinomial softmax loss ℓ = log Σₖ exp(zₖ) − z_y, W is K × d.
/// K = 2: one logistic model (W is 1 × d, positive class = classes[1]), as scikit-learn does.
/// Solved by L-BFGS on the scaled objective `f = (1/S)·Σ sᵢℓᵢ + ‖W‖²/(2·C·S)`, S = Σ sᵢ, with
/// max|∇f| ≤ `tol` (scikit-learn's `tol` means exactly this for `solver="lbfgs"`). The start
/// (zero, or the discriminant start) has Σₖ bₖ = 0 and Σₖ Wₖ = 0 (the softmax gauge), which every
/// step keeps, matching scikit-learn's intercepts.
///
/// Shapes: x is n × d standardised features, y class indices in 0..<K. Each objective evaluation
/// is one pass over x in row blocks: Z = X_b·Wᵀ (dgemm), softmax, ∇W += Gᵀ·X_b (dgemm).
///
/// Setup (both optional, neither changes the minimiser): one Gram matrix of the rows (a strided
/// subsample of 64·(d+1) rows when n is larger; dsyrk) serves as the L-BFGS preconditioner and,
/// with the class means (one skinny dgemm pass), gives the linear-discriminant start
/// W_c = S_w⁻¹μ_c, b_c = −½μ_cᵀW_c + log π_c (Hastie, Tibshirani & Friedman 2009, §4.3; S_w the
/// pooled within-class scatter), used when its objective is below f(0) = log K.
public enum LogisticRegression {
    public enum ClassWeight: String, Codable, Sendable {
        /// Every sample weighs 1.
        case none
        /// scikit-learn `"balanced"`: sᵢ = n / (K · n_{yᵢ}).
        case balanced
    }

    /// Parameters (scikit-learn names). Defaults: C = 1, tol = 1e-8 (tighter than scikit-learn's
    /// 1e-4, whose coefficients differ from the optimum by ~1e-2 on fusion_dataset.csv),
    /// max_iter = 1000, no class weights.
    public struct Parameters: Codable, Sendable, Equatable {
        public var C: Double
        public var tol: Double
        public var maxIter: Int
        public var classWeight: ClassWeight
        /// After L-BFGS, take Newton steps (Hessian by dgemm, Cholesky solve) when the problem has
        /// at most 600 parameters, driving max|∇f| below tol/1000. Default true.
        public var newtonPolish: Bool
        /// Precondition L-BFGS with M = I_K ⊗ (X̃ᵀSX̃/ΣS/4 + λI), X̃ = [X, 1] over all rows, or
        /// over 64·(d+1) strided rows when n is larger (one dsyrk and one Cholesky factorisation up
        /// front): far fewer passes over X when features are correlated, shifted or unevenly
        /// scaled. Changes the path, not the minimiser. Default true.
        public var gramPreconditioner: Bool
        /// Start L-BFGS from the linear-discriminant solution (see the type's documentation) when
        /// its objective is below f(0); costs one skinny pass over X for the class means (plus
        /// the Gram matrix, shared with the preconditioner). Changes the path, not the minimiser.
        /// Default true.
        public var discriminantStart: Bool

        public init(
            C: Double = 1, tol: Double = 1e-8, maxIter: Int = 1000, classWeight: ClassWeight = .none,
            newtonPolish: Bool = true, gramPreconditioner: Bool = true, discriminantStart: Bool = true
        ) {
            self.newtonPolish = newtonPolish
            self.gramPreconditioner = gramPreconditioner
            self.discriminantStart = discriminantStart
            self.C = C
            self.tol = tol
            self.maxIter = maxIter
            self.classWeight = classWeight
        }

        /// Checks every field; the single place parameters are validated.
        public func validate() throws(FusionError) {
            guard C > 0, C.isFinite else {
                throw .invalidParameter(name: "C", value: "\(C)", expected: "a finite C > 0")
            }
            guard tol > 0, tol.isFinite else {
                throw .invalidParameter(name: "tol", value: "\(tol)", expected: "a finite tol > 0")
            }
            guard maxIter >= 1 else {
                throw .invalidParameter(name: "max_iter", value: "\(maxIter)", expected: "an integer ≥ 1")
            }
        }
    }

    /// Fits on x (n × d, finite) and labels y in 0..<classCount. Classes absent from y get zero
    /// probability (the model is fitted on the present classes; `absentClasses` lists the others).
    public static func fit(
        _ x: Matrix, _ y: [Int], classCount: Int, parameters: Parameters = Parameters(),
        sampleWeight: [Double]? = nil
    ) throws(FusionError) -> LogisticModel {
        try parameters.validate()
        BLASInfo.pinDefault()
        let n = x.rows
        let d = x.cols
        guard n > 0 else { throw .invalidData("logistic regression: no training rows") }
        guard y.count == n else {
            throw .shapeMismatch(operation: "LogisticRegression.fit", detail: "\(n) rows, \(y.count) labels")
        }
        // Σ|xᵢ| (dasum, one vectorised read) is finite when every value is; only when it is not
        // (or overflows) are the values searched one by one for the error message.
        if !BLAS.asum(x.data).isFinite, let i = x.data.firstIndex(where: { !$0.isFinite }) {
            throw .invalidData(
                "logistic regression: feature \(i % max(d, 1)) in training row \(i / max(d, 1) + 1) is not finite; "
                    + "expected finite values (impute missing values first)")
        }
        if let bad = y.first(where: { $0 < 0 || $0 >= classCount }) {
            throw .invalidData("logistic regression: label index \(bad) outside 0..<\(classCount)")
        }
        var counts = [Int](repeating: 0, count: classCount)
        for v in y { counts[v] += 1 }
        let present = (0..<classCount).filter { counts[$0] > 0 }
        guard present.count >= 2 else {
            throw .invalidData(
                "logistic regression: the training rows contain only \(present.count) class(es); expected at least 2")
        }
        let remap = Dictionary(uniqueKeysWithValues: present.enumerated().map { ($1, $0) })
        let yc = y.map { remap[$0]! }
        let k = present.count
        var sw = sampleWeight ?? [Double](repeating: 1, count: n)
        guard sw.count == n, sw.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw .invalidData("logistic regression: sample weights must be \(n) finite values ≥ 0")
        }
        if parameters.classWeight == .balanced {
            for i in 0..<n { sw[i] *= Double(n) / (Double(k) * Double(counts[y[i]])) }
        }
        let outputs = k == 2 ? 1 : k
        let objective = LogisticObjective(x: x, y: yc, outputs: outputs, weights: sw, C: parameters.C)
        var solver = LBFGS()
        solver.maxIterations = parameters.maxIter
        solver.gradientTolerance = parameters.tol
        var pre: ((inout [Double]) -> Void)?
        var start: (theta: [Double], value: Double, gradient: [Double])?
        var setupPasses = 0
        if parameters.gramPreconditioner || parameters.discriminantStart {
            let gram = objective.augmentedGram()
            if parameters.gramPreconditioner { pre = try objective.gramPreconditioner(gram) }
            if parameters.discriminantStart, let theta = objective.discriminantStart(gram) {
                var g = [Double](repeating: 0, count: theta.count)
                let value = objective.evaluate(theta, &g)
                setupPasses = 2  // the class-mean pass and this evaluation
                // f(0) = (1/S)·Σ sᵢ·log K' exactly (log 2 for one logistic output).
                if value < log(Double(outputs == 1 ? 2 : outputs)) { start = (theta, value, g) }
            }
        }
        var r = solver.minimize(
            start?.theta ?? [Double](repeating: 0, count: outputs * (d + 1)), precondition: pre,
            initial: start.map { ($0.value, $0.gradient) }
        ) { t, g in objective.evaluate(t, &g) }
        r.evaluations += setupPasses
        // Newton polishing for small problems: quadratic convergence to the exact optimum, so the
        // coefficients do not depend on where L-BFGS happened to stop.
        if parameters.newtonPolish && outputs * (d + 1) <= 600 && r.gradientMaxAbs > parameters.tol * 1e-3 {
            let p = objective.newtonPolish(r.x, tol: parameters.tol * 1e-3)
            if p.value <= r.value || p.gradientMaxAbs < r.gradientMaxAbs {
                r.x = p.theta
                r.value = p.value
                r.gradientMaxAbs = p.gradientMaxAbs
                r.converged = r.converged || p.gradientMaxAbs <= parameters.tol
            }
        }
        let coef = Matrix(uncheckedRows: outputs, cols: d, data: Array(r.x[0..<(outputs * d)]))
        return LogisticModel(
            classCount: classCount, presentClasses: present, coef: coef, intercept: Array(r.x[(outputs * d)...]),
            iterations: r.iterations, converged: r.converged, objective: r.value, gradientMaxAbs: r.gradientMaxAbs,
            evaluations: r.evaluations)
    }
}

extension LogisticRegression.Parameters {
    private enum CodingKeys: String, CodingKey {
        case C, tol, maxIter, classWeight, newtonPolish, gramPreconditioner, discriminantStart
    }

    /// Decodes parameters; the solver switches added later default to true when absent.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            C: try c.decode(Double.self, forKey: .C), tol: try c.decode(Double.self, forKey: .tol),
            maxIter: try c.decode(Int.self, forKey: .maxIter),
            classWeight: try c.decode(LogisticRegression.ClassWeight.self, forKey: .classWeight),
            newtonPolish: try c.decodeIfPresent(Bool.self, forKey: .newtonPolish) ?? true,
            gramPreconditioner: try c.decodeIfPresent(Bool.self, forKey: .gramPreconditioner) ?? true,
            discriminantStart: try c.decodeIfPresent(Bool.self, forKey: .discriminantStart) ?? true)
    }
}

/// The fitted state of `LogisticRegression.fit` (scikit-learn `coef_`, `intercept_`, `n_iter_`).
public struct LogisticModel: Codable, Sendable, Equatable {
    /// Number of classes of the problem (columns of `predictProbabilities`).
    public var classCount: Int
    /// Classes seen in training, ascending; the model's outputs refer to these.
    public var presentClasses: [Int]
    /// K' × d with K' = 1 for two present classes, else K' = presentClasses.count.
    public var coef: Matrix
    public var intercept: [Double]
    public var iterations: Int
    public var converged: Bool
    /// Final value of the scaled objective f.
    public var objective: Double
    public var gradientMaxAbs: Double
    /// Passes over X by the L-BFGS solve: objective-and-gradient evaluations plus, with the
    /// discriminant start, its class-mean pass and its evaluation (the Gram subsample and Newton
    /// polishing, if they ran, are not counted). 0 in model files written before this field existed.
    public var evaluations: Int

    /// Classes of the problem missing from the training rows (their probability is 0).
    public var absentClasses: [Int] { (0..<classCount).filter { !presentClasses.contains($0) } }

    /// Linear scores x·Wᵀ + b (n × K').
    public func decisionFunction(_ x: Matrix) throws(FusionError) -> Matrix {
        guard x.cols == coef.cols else {
            throw .shapeMismatch(
                operation: "LogisticModel.predict", detail: "fitted on \(coef.cols) features, got \(x.cols)")
        }
        var z = Matrix(rows: x.rows, cols: coef.rows)
        try Matrix.gemm(x, coef, transposeB: true, into: &z)
        for i in 0..<x.rows { for j in 0..<coef.rows { z.data[i * coef.rows + j] += intercept[j] } }
        return z
    }

    /// Class probabilities, n × classCount (softmax; logistic for two classes; absent classes 0).
    public func predictProbabilities(_ x: Matrix) throws(FusionError) -> Matrix {
        let z = try decisionFunction(x)
        var p = Matrix(rows: x.rows, cols: classCount)
        let kp = coef.rows
        for i in 0..<x.rows {
            if kp == 1 {
                let s = z.data[i]
                let p1 = s >= 0 ? 1 / (1 + exp(-s)) : exp(s) / (1 + exp(s))
                p[i, presentClasses[0]] = 1 - p1
                p[i, presentClasses[1]] = p1
            } else {
                var m = -Double.infinity
                for j in 0..<kp { m = max(m, z.data[i * kp + j]) }
                var s = 0.0
                for j in 0..<kp { s += exp(z.data[i * kp + j] - m) }
                for j in 0..<kp { p[i, presentClasses[j]] = exp(z.data[i * kp + j] - m) / s }
            }
        }
        return p
    }
}

extension LogisticModel {
    private enum CodingKeys: String, CodingKey {
        case classCount, presentClasses, coef, intercept, iterations, converged, objective, gradientMaxAbs, evaluations
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        classCount = try c.decode(Int.self, forKey: .classCount)
        presentClasses = try c.decode([Int].self, forKey: .presentClasses)
        coef = try c.decode(Matrix.self, forKey: .coef)
        intercept = try c.decode([Double].self, forKey: .intercept)
        iterations = try c.decode(Int.self, forKey: .iterations)
        converged = try c.decode(Bool.self, forKey: .converged)
        objective = try c.decode(Double.self, forKey: .objective)
        gradientMaxAbs = try c.decode(Double.self, forKey: .gradientMaxAbs)
        evaluations = try c.decodeIfPresent(Int.self, forKey: .evaluations) ?? 0
    }
}

/// The scaled objective and its gradient, evaluated in cache-sized row blocks (one pass over X).
struct LogisticObjective {
    let x: Matrix
    let y: [Int]
    let outputs: Int
    let weights: [Double]
    let C: Double
    let totalWeight: Double
    let block: Int

    init(x: Matrix, y: [Int], outputs: Int, weights: [Double], C: Double) {
        self.x = x
        self.y = y
        self.outputs = outputs
        self.weights = weights
        self.C = C
        self.totalWeight = weights.reduce(0, +)
        // Rows per block: X_b stays in L2 (≤ 1 MiB) and outputs·rows ≤ 1024, so that OpenBLAS's
        // SkylakeX small-matrix kernel (no packing; used when M·N ≤ 1200 for this transpose case)
        // computes X_b·Wᵀ; measured 35 ms per pass at 100 000 × 256, 4 outputs, vs 78 ms with 512 rows.
        self.block = max(32, min(1024 / max(outputs, 1), 131_072 / max(x.cols, 1)))
    }

    func evaluate(_ theta: [Double], _ grad: inout [Double]) -> Double {
        let n = x.rows
        let d = x.cols
        let k = outputs
        let inv = 1 / totalWeight
        for i in grad.indices { grad[i] = 0 }
        var loss = 0.0
        var z = [Double](repeating: 0, count: block * k)
        theta.withUnsafeBufferPointer { th in
            x.data.withUnsafeBufferPointer { xp in
                grad.withUnsafeMutableBufferPointer { gp in
                    z.withUnsafeMutableBufferPointer { zp in
                        let w = th.baseAddress!
                        let b = w + k * d
                        let gW = gp.baseAddress!
                        let gb = gW + k * d
                        var start = 0
                        while start < n {
                            let nb = min(block, n - start)
                            let xb = xp.baseAddress! + start * d
                            BLAS.gemm(
                                transA: false, transB: true, m: nb, n: k, k: d, alpha: 1, a: xb, lda: d, b: w, ldb: d,
                                beta: 0, c: zp.baseAddress!, ldc: k)
                            for r in 0..<nb {
                                let i = start + r
                                let zr = zp.baseAddress! + r * k
                                let s = weights[i] * inv
                                if k == 1 {
                                    let t = zr[0] + b[0]
                                    let yi = Double(y[i])
                                    // log(1 + e^t) − y·t, stably.
                                    loss += weights[i] * (max(t, 0) + log1p(exp(-abs(t))) - yi * t)
                                    let p = t >= 0 ? 1 / (1 + exp(-t)) : exp(t) / (1 + exp(t))
                                    zr[0] = s * (p - yi)
                                    gb[0] += zr[0]
                                } else {
                                    var m = -Double.infinity
                                    for j in 0..<k {
                                        zr[j] += b[j]
                                        m = max(m, zr[j])
                                    }
                                    var sum = 0.0
                                    let zY = zr[y[i]] - m
                                    for j in 0..<k {
                                        let e = exp(zr[j] - m)
                                        sum += e
                                        zr[j] = e
                                    }
                                    let yi = y[i]
                                    loss += weights[i] * (log(sum) - zY)
                                    for j in 0..<k {
                                        let g = s * (zr[j] / sum - (j == yi ? 1 : 0))
                                        zr[j] = g
                                        gb[j] += g
                                    }
                                }
                            }
                            BLAS.gemm(
                                transA: true, transB: false, m: k, n: d, k: nb, alpha: 1, a: zp.baseAddress!, lda: k,
                                b: xb, ldb: d, beta: 1, c: gW, ldc: d)
                            start += nb
                        }
                    }
                }
            }
        }
        let lambda = inv / C
        var pen = 0.0
        for j in 0..<(k * d) {
            pen += theta[j] * theta[j]
            grad[j] += lambda * theta[j]
        }
        return loss * inv + 0.5 * lambda * pen
    }
}

/// The weighted, augmented Gram matrix T = Σᵢ sᵢ·x̃ᵢx̃ᵢᵀ (x̃ = [x, 1]) of the rows `rows` (all rows
/// or a strided subsample), with that subsample's weighted class sums Σ_{yᵢ=c} sᵢ·x̃ᵢ.
struct AugmentedGram {
    /// (d+1) × (d+1), full symmetric.
    var t: Matrix
    /// K' … classes (all present classes, also for one logistic output) × (d+1).
    var classSums: Matrix
    /// Number of rows used.
    var rows: Int
}

extension LogisticObjective {
    /// Number of present classes (2 for one logistic output).
    var classes: Int { outputs == 1 ? 2 : outputs }

    /// T and the class sums over all rows when n ≤ 64·(d+1), else over 64·(d+1) strided rows
    /// (i = ⌊j·n/m⌋): blocks of √sᵢ-scaled augmented rows, dsyrk and dgemm accumulated (no copy
    /// of X). The subsample only shapes the preconditioner and the start, never the minimiser.
    func augmentedGram() -> AugmentedGram {
        let n = x.rows
        let d = x.cols
        let da = d + 1
        let kc = classes
        let m = min(n, max(1, 64 * da))
        let nb = max(1, min(m, 131_072 / da))
        var t = Matrix(rows: da, cols: da)
        var sums = Matrix(rows: kc, cols: da)
        var xa = [Double](repeating: 0, count: nb * da)
        var ya = [Double](repeating: 0, count: nb * kc)
        x.data.withUnsafeBufferPointer { xp in
            xa.withUnsafeMutableBufferPointer { ap in
                ya.withUnsafeMutableBufferPointer { yp in
                    t.data.withUnsafeMutableBufferPointer { tp in
                        sums.data.withUnsafeMutableBufferPointer { sp in
                            var start = 0
                            while start < m {
                                let rowsHere = min(nb, m - start)
                                for r in 0..<rowsHere {
                                    let i = m == n ? start + r : (start + r) * n / m
                                    let w = weights[i]
                                    let root = w.squareRoot()
                                    let dst = ap.baseAddress! + r * da
                                    let src = xp.baseAddress! + i * d
                                    for j in 0..<d { dst[j] = src[j] * root }
                                    dst[d] = root
                                    for c in 0..<kc { yp[r * kc + c] = c == y[i] ? root : 0 }
                                }
                                // T += X̃_bᵀX̃_b (upper triangle), sums += Y_bᵀX̃_b (both rows scaled by √s).
                                BLAS.syrkUpper(
                                    n: da, k: rowsHere, a: ap.baseAddress!, lda: da, c: tp.baseAddress!)
                                BLAS.gemm(
                                    transA: true, transB: false, m: kc, n: da, k: rowsHere, alpha: 1,
                                    a: yp.baseAddress!, lda: kc, b: ap.baseAddress!, ldb: da, beta: 1,
                                    c: sp.baseAddress!, ldc: da)
                                start += rowsHere
                            }
                        }
                    }
                }
            }
        }
        for i in 0..<da { for j in 0..<i { t.data[i * da + j] = t.data[j * da + i] } }
        return AugmentedGram(t: t, classSums: sums, rows: m)
    }

    /// Weighted class sums Σ_{yᵢ=c} sᵢ·xᵢ over all rows (K'' × d, one skinny dgemm per row block).
    func classSums() -> Matrix {
        let n = x.rows
        let d = x.cols
        let kc = classes
        var sums = Matrix(rows: kc, cols: d)
        var yb = [Double](repeating: 0, count: block * kc)
        x.data.withUnsafeBufferPointer { xp in
            yb.withUnsafeMutableBufferPointer { yp in
                sums.data.withUnsafeMutableBufferPointer { sp in
                    var start = 0
                    while start < n {
                        let nb = min(block, n - start)
                        for r in 0..<nb {
                            let i = start + r
                            for c in 0..<kc { yp[r * kc + c] = c == y[i] ? weights[i] : 0 }
                        }
                        BLAS.gemm(
                            transA: true, transB: false, m: kc, n: d, k: nb, alpha: 1, a: yp.baseAddress!, lda: kc,
                            b: xp.baseAddress! + start * d, ldb: d, beta: 1, c: sp.baseAddress!, ldc: d)
                        start += nb
                    }
                }
            }
        }
        return sums
    }

    /// The linear-discriminant start in θ's layout [W | b]: S_w from the Gram rows' within-class
    /// scatter (T_xx − Σ_c M_c M_cᵀ/N_c)/N (+ 1e-8·tr/d ridge), class means μ_c and priors π_c from
    /// all rows; W_c = S_w⁻¹μ_c, b_c = −½μ_cᵀW_c + log π_c, centred over classes (the softmax gauge)
    /// or, for one logistic output, differenced (class 1 − class 0). Nil if S_w is not positive
    /// definite or the result is not finite.
    func discriminantStart(_ gram: AugmentedGram) -> [Double]? {
        let d = x.cols
        let da = d + 1
        let kc = classes
        let totalSub = gram.t[d, d]
        guard totalSub > 0 else { return nil }
        var sw = Matrix(rows: d, cols: d)
        for i in 0..<d { for j in 0..<d { sw[i, j] = gram.t[i, j] } }
        for c in 0..<kc {
            let nc = gram.classSums[c, d]
            guard nc > 0 else { continue }
            for i in 0..<d {
                let mi = gram.classSums[c, i] / nc
                for j in 0..<d { sw[i, j] -= mi * gram.classSums[c, j] }
            }
        }
        var trace = 0.0
        for i in 0..<d {
            for j in 0..<d { sw[i, j] /= totalSub }
            trace += sw[i, i]
        }
        let ridge = max(1e-8 * trace / Double(max(d, 1)), 1e-300)
        for i in 0..<d { sw[i, i] += ridge }
        let sums = classSums()
        var counts = [Double](repeating: 0, count: kc)
        for i in 0..<x.rows { counts[y[i]] += weights[i] }
        guard counts.allSatisfy({ $0 > 0 }) else { return nil }
        var mu = Matrix(rows: d, cols: kc)
        for c in 0..<kc { for j in 0..<d { mu[j, c] = sums[c, j] / counts[c] } }
        guard let w = try? Matrix.solveSPD(sw, mu) else { return nil }
        var coef = [[Double]](repeating: [Double](repeating: 0, count: d), count: kc)
        var intercept = [Double](repeating: 0, count: kc)
        for c in 0..<kc {
            var q = 0.0
            for j in 0..<d {
                coef[c][j] = w[j, c]
                q += mu[j, c] * w[j, c]
            }
            intercept[c] = -0.5 * q + log(counts[c] / totalWeight)
        }
        var theta = [Double](repeating: 0, count: outputs * da)
        if outputs == 1 {
            for j in 0..<d { theta[j] = coef[1][j] - coef[0][j] }
            theta[d] = intercept[1] - intercept[0]
        } else {
            for j in 0..<d {
                let mean = (0..<kc).map { coef[$0][j] }.reduce(0, +) / Double(kc)
                for c in 0..<kc { theta[c * d + j] = coef[c][j] - mean }
            }
            let mean = intercept.reduce(0, +) / Double(kc)
            for c in 0..<kc { theta[outputs * d + c] = intercept[c] - mean }
        }
        return theta.allSatisfy(\.isFinite) ? theta : nil
    }

    /// M⁻¹ for M = I_K' ⊗ A, A = ¼·T/N + λ·I_W (+ 1e-10 on the intercept entry), T the augmented
    /// Gram matrix of `gram` (N its total weight, λ = 1/(C·S)), applied to θ in its [W | b]
    /// layout: A is factored once (dpotrf), each call back-substitutes (dpotrs). The ¼ is the
    /// largest curvature of the logistic loss (Böhning 1992).
    func gramPreconditioner(_ gram: AugmentedGram) throws(FusionError) -> (inout [Double]) -> Void {
        let d = x.cols
        let k = outputs
        let da = d + 1
        var a = gram.t
        let scale = 0.25 / max(gram.t[d, d], Double.leastNormalMagnitude)
        BLAS.scal(scale, &a.data)
        let lambda = 1 / (totalWeight * C)
        for j in 0..<d { a[j, j] += lambda }
        a[d, d] += 1e-10
        let factor = try CholeskyFactor(a)
        return { v in
            // Gather K' right-hand sides (columns) of length d+1, solve, scatter back.
            var rhs = Matrix(rows: da, cols: k)
            for c in 0..<k {
                for j in 0..<d { rhs[j, c] = v[c * d + j] }
                rhs[d, c] = v[k * d + c]
            }
            factor.solve(&rhs)
            for c in 0..<k {
                for j in 0..<d { v[c * d + j] = rhs[j, c] }
                v[k * d + c] = rhs[d, c]
            }
        }
    }
}
