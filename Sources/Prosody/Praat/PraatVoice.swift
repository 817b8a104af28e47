import Foundation
import SignalCore

/// The Praat-compatible voice measures of one signal: ordered `praat_` features (NaN where
/// undefined, with the reason in `reasons`) and the pitch track.
public struct PraatVoiceReport: Sendable, Equatable {
    /// Feature names in output order (`PraatVoice.featureNames`) with their values.
    public var features: [(name: String, value: Double)]
    /// For each feature whose value is NaN: why (feature name → reason), in feature order.
    public var reasons: [(name: String, reason: String)]
    /// The autocorrelation pitch track (frame centres in s, F0 in Hz with 0 for unvoiced).
    public var pitch: PraatPitchTrack

    /// The value of a named feature (nil when the name is not a `praat_` feature).
    public func value(_ name: String) -> Double? { features.first { $0.name == name }?.value }

    public static func == (a: PraatVoiceReport, b: PraatVoiceReport) -> Bool {
        a.pitch == b.pitch && a.features.map(\.name) == b.features.map(\.name)
            && zip(a.features, b.features).allSatisfy { $0.value == $1.value || ($0.value.isNaN && $1.value.isNaN) }
            && a.reasons.map(\.name) == b.reasons.map(\.name) && a.reasons.map(\.reason) == b.reasons.map(\.reason)
    }
}

/// Praat-compatible voice measures: pitch (ac), point process (cc), jitter, shimmer, HNR (cc),
/// intensity and Burg formants, computed at a fixed internal rate (16 kHz by default) so that
/// results do not depend on the file's sample rate.
///
/// Features, in order (units in the names; ratios are fractions, not %):
/// `praat_f0_mean_hz`, `praat_f0_median_hz`, `praat_f0_sd_hz` (over voiced frames, sd with n − 1),
/// `praat_voiced_fraction` (voiced frames / frames), `praat_jitter_local`, `praat_jitter_rap`,
/// `praat_jitter_ppq5`, `praat_shimmer_local`, `praat_shimmer_local_db`, `praat_shimmer_apq3`,
/// `praat_hnr_cc_db` (mean over frames not marked silent), `praat_intensity_mean_db` (energy mean,
/// dB re 2·10⁻⁵), `praat_f1_mean_hz`, `praat_f2_mean_hz`, `praat_f3_mean_hz` (Burg formants averaged
/// over the frames the pitch track calls voiced).
public enum PraatVoice {
    /// The feature names in output order.
    public static let featureNames = [
        "praat_f0_mean_hz", "praat_f0_median_hz", "praat_f0_sd_hz", "praat_voiced_fraction", "praat_jitter_local",
        "praat_jitter_rap", "praat_jitter_ppq5", "praat_shimmer_local", "praat_shimmer_local_db",
        "praat_shimmer_apq3", "praat_hnr_cc_db", "praat_intensity_mean_db", "praat_f1_mean_hz", "praat_f2_mean_hz",
        "praat_f3_mean_hz",
    ]

    /// Resamples `signal` to the analysis rate after rejecting non-finite samples.
    static func prepare(_ signal: Signal, parameters p: PraatParameters) throws(PraatError) -> [Double] {
        for (i, v) in signal.samples.enumerated() where !v.isFinite { throw .nonFiniteSample(index: i) }
        do {
            return try Resample.signal(signal, to: p.analysisRateHz).samples
        } catch {
            throw .resampling(error.description)
        }
    }

    /// Only the pitch track (frame centres on the signal's timeline, F0 in Hz with 0 for unvoiced).
    public static func pitch(_ signal: Signal, parameters: PraatParameters = PraatParameters()) throws(PraatError)
        -> PraatPitchTrack
    {
        let p = try parameters.validated()
        let x = try prepare(signal, parameters: p)
        var track = try PraatAutocorrelationPitch.analyze(x, rate: p.analysisRateHz, parameters: p)
        for i in track.timeS.indices { track.timeS[i] += signal.startTime }
        return track
    }
}
