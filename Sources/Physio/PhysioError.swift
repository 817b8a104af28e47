import SignalCore

/// Errors raised by the Physio stage. Every case names what was wrong and what was expected;
/// nothing is repaired or clamped silently.
public enum PhysioError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A parameter is outside its allowed range.
    case invalidParameter(name: String, value: String, expected: String)
    /// The input signal or series is unusable (`what`, why).
    case invalidInput(what: String, reason: String)
    /// Too few beats/breaths/samples for the requested analysis.
    case notEnough(what: String, count: Int, needed: Int)
    /// A file in a structured format (WFDB header, annotation file) is malformed.
    case malformed(file: String, detail: String)
    /// An error raised by SignalCore.
    case signal(SignalError)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let value, let expected):
            return "invalid \(name) = \(value); expected \(expected)"
        case .invalidInput(let what, let reason):
            return "\(what): \(reason)"
        case .notEnough(let what, let count, let needed):
            return "not enough \(what): found \(count), at least \(needed) are needed"
        case .malformed(let file, let detail):
            return "\(file) is malformed: \(detail)"
        case .signal(let e):
            return e.description
        }
    }
}

/// Runs `body`, wrapping a `SignalError` into `PhysioError.signal`.
@inlinable
func signalCore<T>(_ body: () throws(SignalError) -> T) throws(PhysioError) -> T {
    do { return try body() } catch { throw .signal(error) }
}

/// Throws `PhysioError.invalidParameter` unless `value` is finite and > 0.
@inlinable
func requirePositiveParameter(_ value: Double, _ name: String) throws(PhysioError) {
    guard value.isFinite, value > 0 else {
        throw .invalidParameter(name: name, value: "\(value)", expected: "a finite number > 0")
    }
}

/// Throws `PhysioError.invalidInput` at the first NaN/Inf in `values`.
@inlinable
func requireFiniteInput(_ values: [Double], what: String) throws(PhysioError) {
    for (i, v) in values.enumerated() where !v.isFinite {
        throw .invalidInput(what: what, reason: "non-finite value (NaN or Inf) at index \(i); expected finite numbers")
    }
}
