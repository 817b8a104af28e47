import SignalCore

/// Errors of the eGeMAPS path of the Prosody stage.
///
/// Each case says what was wrong and what was expected. Bad input is never repaired silently.
public enum EGeMAPSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The signal holds NaN or ±Inf at sample `index`.
    case nonFiniteSample(index: Int)
    /// The signal is too short for even one analysis frame.
    case tooShort(seconds: Double, neededSeconds: Double)
    /// A parameter is outside its allowed range.
    case invalidParameter(name: String, value: String, expected: String)
    /// A SignalCore operation (resampling, FFT planning) failed.
    case signal(SignalError)

    public var description: String {
        switch self {
        case .nonFiniteSample(let index):
            return "the audio contains a non-finite sample (NaN or Inf) at index \(index); expected finite samples"
        case .tooShort(let seconds, let needed):
            return "the audio lasts \(seconds) s; eGeMAPS needs at least \(needed) s (one 60 ms analysis frame)"
        case .invalidParameter(let name, let value, let expected):
            return "invalid eGeMAPS parameter \(name) = \(value); expected \(expected)"
        case .signal(let e):
            return e.description
        }
    }
}
