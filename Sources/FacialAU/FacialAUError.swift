import Tabular

/// Errors of the FacialAU stage. Each case names the source (file or label), what was wrong and
/// what was expected.
public enum FacialAUError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The underlying table could not be read (wraps Tabular's error, which names file/column/row).
    case table(TableError)
    /// Required columns are absent.
    case missingColumns(source: String, columns: [String], expected: String)
    /// The input holds no face at all (no data rows, or no landmark points).
    case noFaces(source: String)
    /// Every frame is failed or below the confidence threshold.
    case allFramesFailed(source: String, frames: Int, minConfidence: Double)
    /// Timestamps must increase strictly from row to row.
    case nonMonotonicTimestamps(source: String, row: Int, previous: Double, value: Double)
    /// The text does not follow the declared layout.
    case malformed(source: String, detail: String)
    /// A parameter is out of its documented range.
    case invalidParameter(name: String, value: String, expected: String)
    /// The number of landmark points is not one this stage knows (68 or MediaPipe's 478).
    case unsupportedPointCount(source: String, count: Int)
    /// Two inputs that must match do not (e.g. point counts in NME).
    case mismatch(detail: String)

    public var description: String {
        switch self {
        case .table(let e): return e.description
        case .missingColumns(let s, let c, let e):
            let shown = c.prefix(6).joined(separator: ", ") + (c.count > 6 ? ", … (\(c.count) in all)" : "")
            return "\(s): missing column(s) \(shown); expected \(e)"
        case .noFaces(let s):
            return "\(s): no face in the input (no data rows or no landmark points); expected at least one frame"
        case .allFramesFailed(let s, let n, let c):
            return
                "\(s): all \(n) frames failed (success = 0 or confidence < \(c)); expected at least one tracked frame"
        case .nonMonotonicTimestamps(let s, let r, let p, let v):
            return
                "\(s): row \(r): timestamp \(v) s is not after the previous \(p) s; expected strictly increasing timestamps"
        case .malformed(let s, let d): return "\(s): \(d)"
        case .invalidParameter(let n, let v, let e): return "parameter \(n) = \(v): expected \(e)"
        case .unsupportedPointCount(let s, let c):
            return "\(s): \(c) landmark points per frame; expected 68 (iBUG/OpenFace/dlib) or 478 (MediaPipe)"
        case .mismatch(let d): return d
        }
    }
}
