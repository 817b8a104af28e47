/// Errors from the Calibration module. Each case says what was wrong and what was expected; the
/// `source` names the file (or "<memory>") the predictions came from.
public enum CalibrationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No rows, or a group/subset with no rows.
    case empty(source: String, detail: String)
    /// A probability that is NaN or ±Inf.
    case nonFinite(source: String, row: Int, column: String, value: Double)
    /// A probability outside [0, 1].
    case outOfRange(source: String, row: Int, column: String, value: Double)
    /// A row whose probabilities do not sum to 1 within the tolerance.
    case rowSum(source: String, row: Int, sum: Double, tolerance: Double)
    /// A label that is not an integer class index in 0..<classCount.
    case badLabel(source: String, row: Int, value: String, classCount: Int)
    /// Only one class occurs among the labels.
    case singleClass(source: String, label: Int)
    /// No probability columns with the given prefix, or a gap in their numbering.
    case probabilityColumns(source: String, detail: String)
    /// Array shapes that do not fit together.
    case shape(detail: String)
    /// A parameter outside its documented range.
    case parameter(name: String, value: String, expected: String)
    /// A fitted calibrator that cannot be applied to these predictions, or a malformed model file.
    case model(detail: String)
    /// A fit that could not be computed (e.g. no data in a class, non-convergence).
    case fit(method: String, detail: String)

    public var description: String {
        switch self {
        case .empty(let s, let d): return "\(s): \(d); expected at least one prediction row"
        case .nonFinite(let s, let r, let c, let v):
            return "\(s): row \(r), column '\(c)': \(v) is not a finite probability; expected a number in [0, 1]"
        case .outOfRange(let s, let r, let c, let v):
            return "\(s): row \(r), column '\(c)': \(v) is outside [0, 1]; expected a probability"
        case .rowSum(let s, let r, let sum, let tol):
            return
                "\(s): row \(r): probabilities sum to \(sum), not 1 (tolerance \(tol)); fix the file or pass --renormalise to divide each row by its sum"
        case .badLabel(let s, let r, let v, let k):
            return "\(s): row \(r): label '\(v)' is not a class index; expected an integer in 0...\(k - 1)"
        case .singleClass(let s, let l):
            return "\(s): every label is \(l); calibration metrics need at least two classes present"
        case .probabilityColumns(let s, let d): return "\(s): \(d)"
        case .shape(let d): return "shape mismatch: \(d)"
        case .parameter(let n, let v, let e): return "parameter \(n) = \(v): expected \(e)"
        case .model(let d): return "calibrator model: \(d)"
        case .fit(let m, let d): return "\(m) fit failed: \(d)"
        }
    }
}
