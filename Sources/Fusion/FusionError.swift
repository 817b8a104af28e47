/// Errors from the Fusion module. Each case says what was wrong and what was expected.
public enum FusionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Matrix shapes that do not fit together (`operation`, the shapes seen, the rule).
    case shapeMismatch(operation: String, detail: String)
    /// A parameter outside its documented range.
    case invalidParameter(name: String, value: String, expected: String)
    /// Input data that cannot be used (empty, non-finite, too few classes or subjects, …).
    case invalidData(String)
    /// A feature table column problem (name, what was expected).
    case column(name: String, detail: String)
    /// Feature names at predict time differ from those the model was fitted on.
    case featureMismatch(expected: [String], found: [String])
    /// A LAPACK routine reported failure (`info` code).
    case lapack(routine: String, info: Int)
    /// A serialised model could not be read.
    case modelFormat(String)
    /// An optimiser did not reach its tolerance (iterations used, final gradient norm).
    case notConverged(solver: String, iterations: Int, gradientNorm: Double)

    public var description: String {
        switch self {
        case .shapeMismatch(let op, let d): return "\(op): shapes do not fit (\(d))"
        case .invalidParameter(let n, let v, let e): return "parameter \(n) = \(v) is invalid; expected \(e)"
        case .invalidData(let d): return d
        case .column(let n, let d): return "column '\(n)': \(d)"
        case .featureMismatch(let e, let f):
            let missing = e.filter { !f.contains($0) }
            let extra = f.filter { !e.contains($0) }
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing \(missing.prefix(8).joined(separator: ", "))") }
            if !extra.isEmpty { parts.append("unexpected \(extra.prefix(8).joined(separator: ", "))") }
            if parts.isEmpty { parts.append("same names in a different order") }
            return "the features differ from those the model was fitted on (\(parts.joined(separator: "; "))); "
                + "expected the \(e.count) fitted feature names"
        case .lapack(let r, let i): return "LAPACK \(r) failed with info = \(i)"
        case .modelFormat(let d): return "model file: \(d)"
        case .notConverged(let s, let it, let g):
            return "\(s) did not converge in \(it) iterations (gradient norm \(g)); raise max_iter or tol"
        }
    }
}
