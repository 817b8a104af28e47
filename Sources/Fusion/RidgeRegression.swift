import Foundation

/// Ridge regression for continuous targets (arousal, valence), scikit-learn `Ridge` objective:
/// `min_{w,b} ‖y − X·w − b‖² + α‖w‖²`, intercept not penalised.
///
/// Solved in closed form on centred data: `w = (X_cᵀX_c + αI)⁻¹ X_cᵀ y_c` (Gram by dsyrk,
/// Cholesky solve by dposv), `b = ȳ − x̄ᵀw`. x is n × d, y has n values.
public enum RidgeRegression {
    public struct Parameters: Codable, Sendable, Equatable {
        /// Penalty α ≥ 0 (default 1, scikit-learn's default). α = 0 needs full-rank X.
        public var alpha: Double
        public init(alpha: Double = 1) { self.alpha = alpha }

        public func validate() throws(FusionError) {
            guard alpha >= 0, alpha.isFinite else {
                throw .invalidParameter(name: "alpha", value: "\(alpha)", expected: "a finite alpha ≥ 0")
            }
        }
    }

    public static func fit(_ x: Matrix, _ y: [Double], parameters: Parameters = Parameters()) throws(FusionError)
        -> RidgeModel
    {
        try parameters.validate()
        BLASInfo.pinDefault()
        guard x.rows == y.count, x.rows >= 2 else {
            throw .shapeMismatch(
                operation: "RidgeRegression.fit", detail: "\(x.rows) rows, \(y.count) targets (need ≥ 2)")
        }
        guard x.data.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else {
            throw .invalidData("ridge regression: features and targets must be finite")
        }
        let n = x.rows
        let d = x.cols
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for j in 0..<d { mean[j] += x.data[i * d + j] } }
        for j in 0..<d { mean[j] /= Double(n) }
        var xc = x
        for i in 0..<n { for j in 0..<d { xc.data[i * d + j] -= mean[j] } }
        let ym = y.reduce(0, +) / Double(n)
        let yc = y.map { $0 - ym }
        var a = xc.gram()
        for j in 0..<d { a[j, j] += parameters.alpha }
        let rhs = try xc.multiplied(vector: yc, transpose: true)
        let w = try Matrix.solveSPD(a, Matrix(uncheckedRows: d, cols: 1, data: rhs)).data
        let b = ym - BLAS.dot(mean, w)
        return RidgeModel(coef: w, intercept: b)
    }
}

/// Fitted ridge model: ŷ = X·coef + intercept.
public struct RidgeModel: Codable, Sendable, Equatable {
    public var coef: [Double]
    public var intercept: Double

    public func predict(_ x: Matrix) throws(FusionError) -> [Double] {
        try x.multiplied(vector: coef).map { $0 + intercept }
    }
}
