internal import COpenBLAS

/// A dense row-major matrix of Doubles whose products go through CBLAS (OpenBLAS) and whose
/// factorisations go through LAPACKE.
///
/// Element (i, j) is `data[i * cols + j]`. Shapes are checked by the public operations, which
/// throw `FusionError.shapeMismatch` naming the operation and both shapes. No hot matrix path is
/// a hand-written loop: products are `dgemm`/`dgemv`/`dsyrk`, updates `daxpy`, inner products `ddot`.
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    /// Row-major storage, `rows * cols` values.
    public var data: [Double]

    /// A `rows × cols` matrix filled with `value`.
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        self.rows = rows
        self.cols = cols
        self.data = [Double](repeating: value, count: rows * cols)
    }

    /// A matrix over row-major `data`; `data.count` must be `rows * cols`.
    public init(rows: Int, cols: Int, data: [Double]) throws(FusionError) {
        guard rows >= 0, cols >= 0, data.count == rows * cols else {
            throw .shapeMismatch(
                operation: "Matrix(rows:cols:data:)", detail: "\(data.count) values for \(rows) × \(cols)")
        }
        self.rows = rows
        self.cols = cols
        self.data = data
    }

    /// A matrix from equal-length rows.
    public init(rowArrays: [[Double]]) throws(FusionError) {
        let c = rowArrays.first?.count ?? 0
        for (i, r) in rowArrays.enumerated() where r.count != c {
            throw .shapeMismatch(
                operation: "Matrix(rowArrays:)", detail: "row \(i) has \(r.count) values, row 0 has \(c)")
        }
        try self.init(rows: rowArrays.count, cols: c, data: rowArrays.flatMap { $0 })
    }

    /// Unchecked initialiser for internal callers that built `data` with the right count.
    init(uncheckedRows rows: Int, cols: Int, data: [Double]) {
        self.rows = rows
        self.cols = cols
        self.data = data
    }

    /// The `n × n` identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        for i in 0..<n { m.data[i * n + i] = 1 }
        return m
    }

    public var shape: String { "\(rows) × \(cols)" }

    public subscript(i: Int, j: Int) -> Double {
        get { data[i * cols + j] }
        set { data[i * cols + j] = newValue }
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] { Array(data[(i * cols)..<((i + 1) * cols)]) }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] { (0..<rows).map { data[$0 * cols + j] } }

    /// The rows at `indices`, in that order (a gather; indices must be in range).
    public func selectingRows(_ indices: [Int]) -> Matrix {
        var out = [Double](repeating: 0, count: indices.count * cols)
        out.withUnsafeMutableBufferPointer { o in
            data.withUnsafeBufferPointer { d in
                for (r, i) in indices.enumerated() {
                    (o.baseAddress! + r * cols).update(from: d.baseAddress! + i * cols, count: cols)
                }
            }
        }
        return Matrix(uncheckedRows: indices.count, cols: cols, data: out)
    }

    /// The columns at `indices`, in that order.
    public func selectingColumns(_ indices: [Int]) -> Matrix {
        var out = [Double](repeating: 0, count: rows * indices.count)
        let c = indices.count
        for i in 0..<rows {
            let base = i * cols
            for (k, j) in indices.enumerated() { out[i * c + k] = data[base + j] }
        }
        return Matrix(uncheckedRows: rows, cols: c, data: out)
    }

    /// `[self | other]`: columns of `other` appended (row counts must agree).
    public func appendingColumns(_ other: Matrix) throws(FusionError) -> Matrix {
        guard other.rows == rows else {
            throw .shapeMismatch(operation: "appendingColumns", detail: "\(shape) and \(other.shape)")
        }
        var out = [Double]()
        out.reserveCapacity(rows * (cols + other.cols))
        for i in 0..<rows {
            out.append(contentsOf: data[(i * cols)..<((i + 1) * cols)])
            out.append(contentsOf: other.data[(i * other.cols)..<((i + 1) * other.cols)])
        }
        return Matrix(uncheckedRows: rows, cols: cols + other.cols, data: out)
    }

    /// The transpose (copy).
    public var transposed: Matrix {
        var out = [Double](repeating: 0, count: rows * cols)
        for i in 0..<rows { for j in 0..<cols { out[j * rows + i] = data[i * cols + j] } }
        return Matrix(uncheckedRows: cols, cols: rows, data: out)
    }

    // MARK: BLAS level 3

    /// `C ← α·op(A)·op(B) + β·C` (`dgemm`), with op = transpose when the flag is set.
    public static func gemm(
        _ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false, alpha: Double = 1,
        beta: Double = 0, into c: inout Matrix
    ) throws(FusionError) {
        let (m, k) = transposeA ? (a.cols, a.rows) : (a.rows, a.cols)
        let (kb, n) = transposeB ? (b.cols, b.rows) : (b.rows, b.cols)
        guard k == kb, c.rows == m, c.cols == n else {
            throw .shapeMismatch(
                operation: "gemm",
                detail: "op(A) \(m) × \(k), op(B) \(kb) × \(n), C \(c.shape)")
        }
        guard m > 0, n > 0 else { return }
        a.data.withUnsafeBufferPointer { pa in
            b.data.withUnsafeBufferPointer { pb in
                c.data.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(
                        transA: transposeA, transB: transposeB, m: m, n: n, k: k, alpha: alpha,
                        a: pa.baseAddress!, lda: a.cols, b: pb.baseAddress!, ldb: b.cols, beta: beta,
                        c: pc.baseAddress!, ldc: n)
                }
            }
        }
    }

    /// `op(self)·op(other)` as a new matrix.
    public func multiplied(by other: Matrix, transposeSelf: Bool = false, transposeOther: Bool = false)
        throws(FusionError) -> Matrix
    {
        var c = Matrix(rows: transposeSelf ? cols : rows, cols: transposeOther ? other.rows : other.cols)
        try Matrix.gemm(self, transposeA: transposeSelf, other, transposeB: transposeOther, into: &c)
        return c
    }

    /// The Gram matrix `AᵀA` (`dsyrk`, full symmetric result), `cols × cols`.
    public func gram() -> Matrix {
        var c = Matrix(rows: cols, cols: cols)
        guard rows > 0, cols > 0 else { return c }
        data.withUnsafeBufferPointer { pa in
            c.data.withUnsafeMutableBufferPointer { pc in
                cblas_dsyrk(
                    CblasRowMajor, CblasUpper, CblasTrans, Int32(cols), Int32(rows), 1, pa.baseAddress!,
                    Int32(cols), 0, pc.baseAddress!, Int32(cols))
            }
        }
        for i in 0..<cols { for j in 0..<i { c.data[i * cols + j] = c.data[j * cols + i] } }
        return c
    }

    // MARK: BLAS level 2 and 1

    /// `op(self)·x` (`dgemv`).
    public func multiplied(vector x: [Double], transpose: Bool = false) throws(FusionError) -> [Double] {
        let (m, n) = transpose ? (cols, rows) : (rows, cols)
        guard x.count == n else {
            throw .shapeMismatch(operation: "gemv", detail: "op(A) \(m) × \(n), x \(x.count)")
        }
        var y = [Double](repeating: 0, count: m)
        guard rows > 0, cols > 0 else { return y }
        data.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    cblas_dgemv(
                        CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(rows), Int32(cols), 1,
                        pa.baseAddress!, Int32(cols), px.baseAddress!, 1, 0, py.baseAddress!, 1)
                }
            }
        }
        return y
    }

    /// `self ← self + α·other` (`daxpy` over the storage).
    public mutating func add(_ other: Matrix, scaledBy alpha: Double = 1) throws(FusionError) {
        guard other.rows == rows, other.cols == cols else {
            throw .shapeMismatch(operation: "axpy", detail: "\(shape) and \(other.shape)")
        }
        BLAS.axpy(alpha, other.data, &data)
    }

    // MARK: LAPACK

    /// Solves `A·X = B` for symmetric positive definite `A` (Cholesky, `dposv`). `B` is `n × r`.
    public static func solveSPD(_ a: Matrix, _ b: Matrix) throws(FusionError) -> Matrix {
        guard a.rows == a.cols, b.rows == a.rows else {
            throw .shapeMismatch(operation: "solveSPD", detail: "A \(a.shape), B \(b.shape)")
        }
        var fa = a.data
        var fb = b.data
        let n = Int32(a.rows)
        let info = fa.withUnsafeMutableBufferPointer { pa in
            fb.withUnsafeMutableBufferPointer { pb in
                LAPACKE_dposv(
                    LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "U")), n, Int32(b.cols), pa.baseAddress!, n,
                    pb.baseAddress!, Int32(b.cols))
            }
        }
        guard info == 0 else { throw .lapack(routine: "dposv (matrix not positive definite?)", info: Int(info)) }
        return Matrix(uncheckedRows: b.rows, cols: b.cols, data: fb)
    }

    /// Solves `A·X = B` for a general square `A` (LU with partial pivoting, `dgesv`).
    public static func solve(_ a: Matrix, _ b: Matrix) throws(FusionError) -> Matrix {
        guard a.rows == a.cols, b.rows == a.rows else {
            throw .shapeMismatch(operation: "solve", detail: "A \(a.shape), B \(b.shape)")
        }
        var fa = a.data
        var fb = b.data
        var piv = [Int32](repeating: 0, count: a.rows)
        let n = Int32(a.rows)
        let info = fa.withUnsafeMutableBufferPointer { pa in
            fb.withUnsafeMutableBufferPointer { pb in
                piv.withUnsafeMutableBufferPointer { pp in
                    LAPACKE_dgesv(
                        LAPACK_ROW_MAJOR, n, Int32(b.cols), pa.baseAddress!, n, pp.baseAddress!, pb.baseAddress!,
                        Int32(b.cols))
                }
            }
        }
        guard info == 0 else { throw .lapack(routine: "dgesv (matrix singular?)", info: Int(info)) }
        return Matrix(uncheckedRows: b.rows, cols: b.cols, data: fb)
    }

    /// Eigen-decomposition of a symmetric matrix (`dsyevd`): eigenvalues ascending and the
    /// eigenvectors as the columns of `vectors`.
    public static func symmetricEigen(_ a: Matrix) throws(FusionError) -> (values: [Double], vectors: Matrix) {
        guard a.rows == a.cols else { throw .shapeMismatch(operation: "symmetricEigen", detail: "A \(a.shape)") }
        var fa = a.data
        var w = [Double](repeating: 0, count: a.rows)
        let n = Int32(a.rows)
        let info = fa.withUnsafeMutableBufferPointer { pa in
            w.withUnsafeMutableBufferPointer { pw in
                LAPACKE_dsyevd(
                    LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")), n, pa.baseAddress!, n,
                    pw.baseAddress!)
            }
        }
        guard info == 0 else { throw .lapack(routine: "dsyevd", info: Int(info)) }
        return (w, Matrix(uncheckedRows: a.rows, cols: a.cols, data: fa))
    }
}

/// Thin pointer-level CBLAS wrappers used by the model code (row-major throughout).
enum BLAS {
    @inline(__always)
    static func gemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
        b: UnsafePointer<Double>, ldb: Int, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, Int32(m),
            Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    @inline(__always)
    static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, Int32(m),
            Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// y ← α·op(A)·x + β·y (`dgemv`), A row-major m × n with leading dimension lda.
    @inline(__always)
    static func gemv(
        transA: Bool, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int, x: UnsafePointer<Double>,
        beta: Double, y: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemv(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), alpha, a, Int32(lda), x, 1, beta, y,
            1)
    }

    /// C ← C + AᵀA (upper triangle only; `dsyrk`), A row-major k × n with leading dimension lda,
    /// C n × n.
    @inline(__always)
    static func syrkUpper(n: Int, k: Int, a: UnsafePointer<Double>, lda: Int, c: UnsafeMutablePointer<Double>) {
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(n), Int32(k), 1, a, Int32(lda), 1, c, Int32(n))
    }

    /// y ← y + α·x.
    static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
        let n = min(x.count, y.count)
        guard n > 0 else { return }
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                cblas_daxpy(Int32(n), alpha, px.baseAddress!, 1, py.baseAddress!, 1)
            }
        }
    }

    /// Σ|xᵢ| (`dasum`).
    static func asum(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return 0 }
        let n = x.count
        return x.withUnsafeBufferPointer { px in cblas_dasum(Int32(n), px.baseAddress!, 1) }
    }

    /// xᵀy.
    static func dot(_ x: [Double], _ y: [Double]) -> Double {
        let n = min(x.count, y.count)
        guard n > 0 else { return 0 }
        return x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in cblas_ddot(Int32(n), px.baseAddress!, 1, py.baseAddress!, 1) }
        }
    }

    /// x ← α·x.
    static func scal(_ alpha: Double, _ x: inout [Double]) {
        guard !x.isEmpty else { return }
        let n = x.count
        x.withUnsafeMutableBufferPointer { px in cblas_dscal(Int32(n), alpha, px.baseAddress!, 1) }
    }

    /// max |xᵢ|.
    static func maxAbs(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return 0 }
        let n = x.count
        let i = x.withUnsafeBufferPointer { px in cblas_idamax(Int32(n), px.baseAddress!, 1) }
        return abs(x[Int(i)])
    }
}

extension Matrix {
    /// xᵀy over two equal-length vectors (`ddot`).
    public static func dot(_ x: [Double], _ y: [Double]) throws(FusionError) -> Double {
        guard x.count == y.count else { throw .shapeMismatch(operation: "dot", detail: "\(x.count) and \(y.count)") }
        return BLAS.dot(x, y)
    }
}

extension Matrix: Codable {
    private enum CodingKeys: String, CodingKey { case rows, cols, data }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let r = try c.decode(Int.self, forKey: .rows)
        let k = try c.decode(Int.self, forKey: .cols)
        let d = try c.decode([Double].self, forKey: .data)
        guard r >= 0, k >= 0, d.count == r * k else {
            throw DecodingError.dataCorruptedError(
                forKey: .data, in: c, debugDescription: "\(d.count) values for a \(r) × \(k) matrix")
        }
        self.init(uncheckedRows: r, cols: k, data: d)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rows, forKey: .rows)
        try c.encode(cols, forKey: .cols)
        try c.encode(data, forKey: .data)
    }
}

/// A Cholesky factor A = UᵀU of a symmetric positive definite matrix (`dpotrf`), reused for many
/// solves (`dpotrs`).
struct CholeskyFactor: Sendable {
    let n: Int
    let u: [Double]

    init(_ a: Matrix) throws(FusionError) {
        guard a.rows == a.cols else { throw .shapeMismatch(operation: "Cholesky", detail: "A \(a.shape)") }
        var f = a.data
        let n = Int32(a.rows)
        let info = f.withUnsafeMutableBufferPointer { p in
            LAPACKE_dpotrf(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "U")), n, p.baseAddress!, n)
        }
        guard info == 0 else { throw .lapack(routine: "dpotrf (matrix not positive definite?)", info: Int(info)) }
        self.n = a.rows
        self.u = f
    }

    /// B ← A⁻¹B in place (B is n × r).
    func solve(_ b: inout Matrix) {
        let r = Int32(b.cols)
        let nn = Int32(n)
        u.withUnsafeBufferPointer { pu in
            b.data.withUnsafeMutableBufferPointer { pb in
                _ = LAPACKE_dpotrs(
                    LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "U")), nn, r, pu.baseAddress!, nn, pb.baseAddress!, r)
            }
        }
    }
}
