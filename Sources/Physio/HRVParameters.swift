/// Parameters of the HRV computation. Defaults reproduce NeuroKit2 0.2.13 wherever its definition
/// is standard; the named options reproduce other toolboxes' definitions.
public struct HRVParameters: Codable, Sendable, Equatable {
    /// Definition of `HRV_SDSD`.
    public enum SDSDDefinition: String, Codable, Sendable, CaseIterable {
        /// Sample sd (n−1) of successive differences (NeuroKit2, hrv-analysis up to rounding).
        case neurokit
        /// Sample sd (n−1) of the absolute successive differences (pyHRV 0.5).
        case pyhrv
        /// Population sd (n) of the absolute successive differences (HeartPy 1.2).
        case heartpy
    }

    /// Definition of `HRV_TINN` (see `HRVTime.tinn`).
    public enum TINNDefinition: String, Codable, Sendable, CaseIterable {
        /// Least-squares triangle over bin edges without an error bound (default).
        case leastSquares
        /// NeuroKit2 0.2.13: N fixed at the first bin edge above min x (its search never resets M, so
        /// only that N is tried), error bound 2¹⁴ (returns 0 when no triangle does better, as on
        /// long recordings).
        case neurokit
    }

    /// SDSD definition (default `.neurokit`).
    public var sdsd: SDSDDefinition = .neurokit
    /// TINN definition (default `.leastSquares`).
    public var tinn: TINNDefinition = .leastSquares
    /// Histogram bin width for HTI and TINN in ms (default 1000/128 = 7.8125 ms, 128 Hz sampling).
    public var histogramBinWidthMs: Double = 1000.0 / 128.0
    /// Entropy embedding dimension m for ApEn/SampEn (default 2).
    public var entropyDimension: Int = 2
    /// Entropy tolerance as a fraction of the sample sd of the series (default 0.2).
    public var entropyToleranceSD: Double = 0.2
    /// DFA α1 window sizes in beats (default 4…11, NeuroKit2).
    public var dfaShortRange: ClosedRange<Int> = 4...11
    /// DFA α2 smallest window in beats (default 12; the largest is (n+1)/10 as NeuroKit2).
    public var dfaLongMinimum: Int = 12
    /// Compute ApEn/SampEn/DFA (quadratic-ish cost; the 24 h workload windows them instead).
    public var nonlinearComplexity: Bool = true
    /// PSD method of the frequency domain (default `.welch`, 4 Hz cubic spline).
    public var frequencyMethod: HRVFrequency.Method = .welch

    public init() {}

    /// Checks every field; throws naming the first bad one.
    public func validate() throws(PhysioError) {
        guard histogramBinWidthMs.isFinite, histogramBinWidthMs > 0 else {
            throw .invalidParameter(
                name: "histogramBinWidthMs", value: "\(histogramBinWidthMs)", expected: "a finite width > 0 ms")
        }
        guard entropyDimension >= 1 else {
            throw .invalidParameter(name: "entropyDimension", value: "\(entropyDimension)", expected: "an integer ≥ 1")
        }
        guard entropyToleranceSD.isFinite, entropyToleranceSD > 0 else {
            throw .invalidParameter(
                name: "entropyToleranceSD", value: "\(entropyToleranceSD)", expected: "a finite fraction > 0")
        }
        guard dfaShortRange.lowerBound >= 2 else {
            throw .invalidParameter(
                name: "dfaShortRange", value: "\(dfaShortRange)", expected: "windows of at least 2 beats")
        }
        guard dfaLongMinimum > dfaShortRange.upperBound else {
            throw .invalidParameter(
                name: "dfaLongMinimum", value: "\(dfaLongMinimum)", expected: "more than dfaShortRange's upper bound")
        }
    }
}
