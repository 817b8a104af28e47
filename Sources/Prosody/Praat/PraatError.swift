/// Errors of the Praat-compatible voice measures: what was wrong and what was expected.
public enum PraatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A parameter is outside its range.
    case invalidParameter(name: String, value: String, expected: String)
    /// The signal holds NaN or ±Inf at this sample index (of the input, before resampling).
    case nonFiniteSample(index: Int)
    /// The input signal could not be resampled to the analysis rate.
    case resampling(String)
    /// An FFT of the needed length could not be planned (detail from SignalCore).
    case fft(String)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let value, let expected):
            return "invalid Praat parameter \(name) = \(value); expected \(expected)"
        case .nonFiniteSample(let index):
            return "the signal contains a non-finite sample (NaN or Inf) at index \(index); expected finite samples"
        case .resampling(let detail):
            return "the signal could not be resampled to the analysis rate: \(detail)"
        case .fft(let detail):
            return "an FFT for the Praat analysis could not be planned: \(detail)"
        }
    }
}
