import Foundation

/// Imputation then standardisation, fitted on training rows only:
/// `z_ij = (impute(x_ij) − μ_j) / σ_j`, where `impute` replaces a missing value (NaN) by the
/// training mean or median of column j, μ_j is the training mean of the imputed column and σ_j its
/// population standard deviation (ddof = 0, scikit-learn `SimpleImputer` + `StandardScaler`).
///
/// A column whose training variance is zero (constant, or entirely missing) gets σ_j = 1, so it
/// standardises to 0 (scikit-learn's handling); such columns are listed in `constantColumns`.
/// An entirely-missing column imputes 0. Optionally one mask column per modality is appended
/// (1 where the modality is unavailable, 0 where present; not standardised): early fusion then
/// learns how to shift its logits when a modality is missing.
public struct Standardizer: Codable, Sendable, Equatable {
    public enum Imputation: String, Codable, Sendable, CaseIterable {
        case mean, median
    }

    public var imputation: Imputation
    public var imputeValues: [Double]
    public var mean: [Double]
    public var scale: [Double]
    public var constantColumns: [Int]
    /// Per appended mask column: the modality's feature columns (empty → no mask features).
    public var maskModalities: [[Int]]

    /// Fits on `x` (n × d, NaN = missing). `maskModalities`: column groups whose availability
    /// becomes an indicator feature (pass `[]` for none).
    public static func fit(_ x: Matrix, imputation: Imputation = .mean, maskModalities: [[Int]] = [])
        throws(FusionError) -> Standardizer
    {
        guard x.rows > 0 else { throw .invalidData("cannot fit a standardiser on zero rows") }
        let d = x.cols
        var imp = [Double](repeating: 0, count: d)
        var mu = [Double](repeating: 0, count: d)
        var sd = [Double](repeating: 1, count: d)
        var constant: [Int] = []
        for j in 0..<d {
            var col = x.column(j)
            let present = col.filter { !$0.isNaN }
            if present.isEmpty {
                imp[j] = 0
            } else if imputation == .mean {
                imp[j] = present.reduce(0, +) / Double(present.count)
            } else {
                let s = present.sorted()
                let m = s.count / 2
                imp[j] = s.count % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m])
            }
            for i in col.indices where col[i].isNaN { col[i] = imp[j] }
            let m = col.reduce(0, +) / Double(col.count)
            var ss = 0.0
            var c = 0.0
            for v in col {
                ss += (v - m) * (v - m)
                c += v - m
            }
            let variance = (ss - c * c / Double(col.count)) / Double(col.count)
            mu[j] = m
            // scikit-learn `_is_constant_feature`: variance within rounding noise of zero.
            let n = Double(col.count)
            let eps = Double.ulpOfOne
            if variance <= n * eps * variance + (n * m * eps) * (n * m * eps) || !variance.isFinite {
                sd[j] = 1
                constant.append(j)
            } else {
                sd[j] = variance.squareRoot()
            }
        }
        return Standardizer(
            imputation: imputation, imputeValues: imp, mean: mu, scale: sd, constantColumns: constant,
            maskModalities: maskModalities)
    }

    /// Number of output columns: d plus one per mask modality.
    public var outputColumns: Int { mean.count + maskModalities.count }

    /// Applies imputation, standardisation and mask columns to `x` (n × d with the fitted d).
    public func transform(_ x: Matrix) throws(FusionError) -> Matrix {
        let d = mean.count
        guard x.cols == d else {
            throw .shapeMismatch(operation: "Standardizer.transform", detail: "fitted on \(d) columns, got \(x.cols)")
        }
        let outC = outputColumns
        var out = [Double](repeating: 0, count: x.rows * outC)
        for i in 0..<x.rows {
            let base = i * d
            let ob = i * outC
            for j in 0..<d {
                var v = x.data[base + j]
                if v.isNaN { v = imputeValues[j] }
                out[ob + j] = (v - mean[j]) / scale[j]
            }
            for (k, cols) in maskModalities.enumerated() {
                let missing = !cols.isEmpty && cols.allSatisfy { x.data[base + $0].isNaN }
                out[ob + d + k] = missing ? 1 : 0
            }
        }
        return Matrix(uncheckedRows: x.rows, cols: outC, data: out)
    }
}
