/// Errors raised by SignalCore for invalid signals or parameters.
///
/// Every case says what was wrong and what was expected; nothing is clamped or repaired silently.
public enum SignalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A parameter is outside its allowed range (`name`, the value given, what was expected).
    case invalidParameter(name: String, value: String, expected: String)
    /// The input holds NaN or ±Inf at `index`.
    case nonFinite(what: String, index: Int)
    /// The input is shorter than the operation needs.
    case tooShort(what: String, count: Int, needed: Int)
    /// Two inputs that must agree in length or rate do not.
    case mismatch(what: String, detail: String)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let value, let expected):
            return "invalid \(name) = \(value); expected \(expected)"
        case .nonFinite(let what, let index):
            return "\(what) contains a non-finite value (NaN or Inf) at index \(index)"
        case .tooShort(let what, let count, let needed):
            return "\(what) has \(count) samples; at least \(needed) are needed"
        case .mismatch(let what, let detail):
            return "\(what): \(detail)"
        }
    }
}

/// Throws `SignalError.nonFinite` for the first NaN/Inf in `values`.
///
/// Scans in branch-free chunks (a chunk's flags are OR-ed, then tested once), so the common
/// all-finite case runs at memory speed; the index is searched only when a chunk fails.
@inlinable
public func requireFinite(_ values: [Double], what: String) throws(SignalError) {
    let bad: Int? = values.withUnsafeBufferPointer { p in
        let n = p.count
        var start = 0
        while start < n {
            let end = min(start + 4096, n)
            var anyBad = false
            for i in start..<end { anyBad = anyBad || !p[i].isFinite }
            if anyBad { return (start..<end).first { !p[$0].isFinite } }
            start = end
        }
        return nil
    }
    if let i = bad { throw .nonFinite(what: what, index: i) }
}

/// Throws `SignalError.invalidParameter` unless `value` is finite and > 0.
@inlinable
public func requirePositive(_ value: Double, name: String) throws(SignalError) {
    guard value.isFinite, value > 0 else {
        throw .invalidParameter(name: name, value: "\(value)", expected: "a finite number > 0")
    }
}
