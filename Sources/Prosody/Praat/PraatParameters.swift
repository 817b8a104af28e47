import SignalCore

/// Parameters of the Praat-compatible voice measures (`praat_` features).
///
/// Defaults are Praat's own defaults for each command (Praat manual: "Sound: To Pitch (ac)...",
/// "Sound & Pitch: To PointProcess (cc)", "Voice 2. Jitter", "Voice 3. Shimmer",
/// "Sound: To Harmonicity (cc)...", "Sound: To Intensity...", "Sound: To Formant (burg)..."),
/// except the pitch time step, which is fixed at 10 ms (Praat's default is 0.75 / floor).
/// Decoding requires every key; `validated()` checks all ranges in one place.
public struct PraatParameters: Codable, Sendable, Equatable {
    /// Internal analysis rate in Hz; every input is resampled to it (default 16000).
    public var analysisRateHz: Double = 16000
    /// Pitch: time step between frame centres in s (default 0.01).
    public var timeStepS: Double = 0.01
    /// Pitch floor in Hz (default 75); the analysis window is 3 periods of it (40 ms).
    public var pitchFloorHz: Double = 75
    /// Pitch ceiling in Hz (default 600).
    public var pitchCeilingHz: Double = 600
    /// Maximum number of candidates per frame, the unvoiced one included (default 15).
    public var maxCandidates: Int = 15
    /// Silence threshold, relative to the global peak (default 0.03).
    public var silenceThreshold: Double = 0.03
    /// Voicing threshold on the normalised autocorrelation (default 0.45).
    public var voicingThreshold: Double = 0.45
    /// Octave cost per octave below the ceiling (default 0.01).
    public var octaveCost: Double = 0.01
    /// Octave-jump cost per octave between consecutive voiced frames (default 0.35).
    public var octaveJumpCost: Double = 0.35
    /// Voiced/unvoiced transition cost (default 0.14).
    public var voicedUnvoicedCost: Double = 0.14

    /// Jitter/shimmer: shortest period used, in s (default 0.0001).
    public var shortestPeriodS: Double = 0.0001
    /// Jitter/shimmer: longest period used, in s (default 0.02).
    public var longestPeriodS: Double = 0.02
    /// Jitter/shimmer: largest ratio between consecutive periods (default 1.3).
    public var maximumPeriodFactor: Double = 1.3
    /// Shimmer: largest ratio between consecutive amplitudes (default 1.6).
    public var maximumAmplitudeFactor: Double = 1.6

    /// Harmonicity (cc): minimum pitch in Hz (default 75).
    public var hnrMinimumPitchHz: Double = 75
    /// Harmonicity (cc): silence threshold (default 0.1).
    public var hnrSilenceThreshold: Double = 0.1
    /// Harmonicity (cc): periods per window (default 1.0).
    public var hnrPeriodsPerWindow: Double = 1.0

    /// Intensity: minimum pitch in Hz (default 75; window 6.4 / minimum pitch).
    public var intensityMinimumPitchHz: Double = 75
    /// Intensity: subtract the mean pressure of each window (default true).
    public var intensitySubtractMean: Bool = true

    /// Formants: number of formants sought (default 5; LPC order 2×).
    public var formantCount: Int = 5
    /// Formants: maximum formant in Hz (default 5500; the sound is resampled to twice this).
    public var maximumFormantHz: Double = 5500
    /// Formants: effective window length in s (default 0.025; the Gaussian window is twice as long).
    public var formantWindowS: Double = 0.025
    /// Formants: pre-emphasis from this frequency in Hz (default 50).
    public var preEmphasisFromHz: Double = 50

    public init() {}

    /// Returns `self` after checking every range; throws `PraatError.invalidParameter` naming the field.
    public func validated() throws(PraatError) -> PraatParameters {
        func positive(_ v: Double, _ name: String) throws(PraatError) {
            guard v.isFinite, v > 0 else { throw .invalidParameter(name: name, value: "\(v)", expected: "> 0") }
        }
        func unit(_ v: Double, _ name: String) throws(PraatError) {
            guard v.isFinite, v >= 0, v <= 1 else {
                throw .invalidParameter(name: name, value: "\(v)", expected: "between 0 and 1")
            }
        }
        try positive(analysisRateHz, "analysisRateHz")
        guard analysisRateHz == analysisRateHz.rounded() else {
            throw .invalidParameter(
                name: "analysisRateHz", value: "\(analysisRateHz)", expected: "a whole number of Hz")
        }
        try positive(timeStepS, "timeStepS")
        try positive(pitchFloorHz, "pitchFloorHz")
        try positive(pitchCeilingHz, "pitchCeilingHz")
        guard pitchCeilingHz > pitchFloorHz else {
            throw .invalidParameter(
                name: "pitchCeilingHz", value: "\(pitchCeilingHz)", expected: "> pitchFloorHz (\(pitchFloorHz))")
        }
        guard pitchCeilingHz < analysisRateHz / 2 else {
            throw .invalidParameter(
                name: "pitchCeilingHz", value: "\(pitchCeilingHz)", expected: "< half the analysis rate")
        }
        guard maxCandidates >= 2 else {
            throw .invalidParameter(name: "maxCandidates", value: "\(maxCandidates)", expected: "≥ 2")
        }
        try unit(silenceThreshold, "silenceThreshold")
        try unit(voicingThreshold, "voicingThreshold")
        for (v, n) in [
            (octaveCost, "octaveCost"), (octaveJumpCost, "octaveJumpCost"), (voicedUnvoicedCost, "voicedUnvoicedCost"),
        ] {
            guard v.isFinite, v >= 0 else { throw .invalidParameter(name: n, value: "\(v)", expected: "≥ 0") }
        }
        try positive(shortestPeriodS, "shortestPeriodS")
        try positive(longestPeriodS, "longestPeriodS")
        guard longestPeriodS > shortestPeriodS else {
            throw .invalidParameter(name: "longestPeriodS", value: "\(longestPeriodS)", expected: "> shortestPeriodS")
        }
        guard maximumPeriodFactor.isFinite, maximumPeriodFactor >= 1 else {
            throw .invalidParameter(name: "maximumPeriodFactor", value: "\(maximumPeriodFactor)", expected: "≥ 1")
        }
        guard maximumAmplitudeFactor.isFinite, maximumAmplitudeFactor >= 1 else {
            throw .invalidParameter(
                name: "maximumAmplitudeFactor", value: "\(maximumAmplitudeFactor)", expected: "≥ 1")
        }
        try positive(hnrMinimumPitchHz, "hnrMinimumPitchHz")
        try unit(hnrSilenceThreshold, "hnrSilenceThreshold")
        try positive(hnrPeriodsPerWindow, "hnrPeriodsPerWindow")
        try positive(intensityMinimumPitchHz, "intensityMinimumPitchHz")
        guard formantCount >= 1, formantCount <= 10 else {
            throw .invalidParameter(name: "formantCount", value: "\(formantCount)", expected: "1 … 10")
        }
        try positive(maximumFormantHz, "maximumFormantHz")
        guard maximumFormantHz == maximumFormantHz.rounded(), 2 * maximumFormantHz <= 2 * analysisRateHz else {
            throw .invalidParameter(
                name: "maximumFormantHz", value: "\(maximumFormantHz)",
                expected: "a whole number of Hz ≤ the analysis rate")
        }
        try positive(formantWindowS, "formantWindowS")
        guard preEmphasisFromHz.isFinite, preEmphasisFromHz >= 0 else {
            throw .invalidParameter(name: "preEmphasisFromHz", value: "\(preEmphasisFromHz)", expected: "≥ 0")
        }
        return self
    }
}
