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
    /// Further Praat voice-report measures not in the feature list, in this order:
    /// `praat_jitter_local_absolute_s`, `praat_jitter_ddp`, `praat_shimmer_apq5`, `praat_shimmer_apq11`,
    /// `praat_shimmer_dda`, `praat_b1_mean_hz`, `praat_b2_mean_hz`, `praat_b3_mean_hz`, `praat_pulse_count`.
    public var extraMeasures: [(name: String, value: Double)]
    /// Glottal pulse times (s, on the signal's timeline) from the cc point process.
    public var pulsesS: [Double]

    /// The value of a named feature (nil when the name is not a `praat_` feature).
    public func value(_ name: String) -> Double? { features.first { $0.name == name }?.value }

    public static func == (a: PraatVoiceReport, b: PraatVoiceReport) -> Bool {
        a.pitch == b.pitch && a.features.map(\.name) == b.features.map(\.name)
            && zip(a.features, b.features).allSatisfy { $0.value == $1.value || ($0.value.isNaN && $1.value.isNaN) }
            && a.reasons.map(\.name) == b.reasons.map(\.name) && a.reasons.map(\.reason) == b.reasons.map(\.reason)
            && a.pulsesS == b.pulsesS && a.extraMeasures.map(\.name) == b.extraMeasures.map(\.name)
    }
}

/// Which groups of Praat measures `PraatVoice.analyze` computes (the pitch track always is).
/// Features of groups left out are NaN with the reason "not requested".
public struct PraatMeasures: OptionSet, Sendable, Codable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Point process (cc), jitter and shimmer.
    public static let perturbation = PraatMeasures(rawValue: 1)
    /// Harmonics-to-noise ratio (cc).
    public static let harmonicity = PraatMeasures(rawValue: 2)
    /// Intensity (energy mean).
    public static let intensity = PraatMeasures(rawValue: 4)
    /// Burg formants F1–F3 (and bandwidths).
    public static let formants = PraatMeasures(rawValue: 8)
    /// Everything (the default).
    public static let all: PraatMeasures = [.perturbation, .harmonicity, .intensity, .formants]
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

    /// All Praat-compatible measures of `signal` (any rate; resampled to `analysisRateHz`).
    ///
    /// Throws `PraatError.nonFiniteSample` for NaN/Inf samples and `.invalidParameter` for bad
    /// parameters. Silence, noise and signals shorter than an analysis window are not errors:
    /// undefined features are NaN with a reason (e.g. "no voiced frames").
    public static func analyze(
        _ signal: Signal, parameters: PraatParameters = PraatParameters(), measures: PraatMeasures = .all
    ) throws(PraatError) -> PraatVoiceReport {
        let p = try parameters.validated()
        let x = try prepare(signal, parameters: p)
        let fs = p.analysisRateHz
        var values = [String: Double]()
        var why = [String: String]()
        func set(_ name: String, _ v: Double, _ reason: @autoclosure () -> String) {
            values[name] = v
            if v.isNaN { why[name] = reason() }
        }
        let notRequested = "not requested"

        var track = try PraatAutocorrelationPitch.analyze(x, rate: fs, parameters: p)
        let voicedIdx = track.f0Hz.indices.filter { track.f0Hz[$0] > 0 }
        let voicedF0 = voicedIdx.map { track.f0Hz[$0] }
        let noFrames = "signal shorter than the \(Int((3000 / p.pitchFloorHz).rounded())) ms pitch window"
        let noVoiced = track.count == 0 ? noFrames : "no voiced frames"
        set("praat_f0_mean_hz", voicedF0.isEmpty ? .nan : Stats.mean(voicedF0), noVoiced)
        set("praat_f0_median_hz", voicedF0.isEmpty ? .nan : Stats.median(voicedF0), noVoiced)
        set(
            "praat_f0_sd_hz", voicedF0.count < 2 ? .nan : Stats.sd(voicedF0, ddof: 1),
            voicedF0.isEmpty ? noVoiced : "fewer than 2 voiced frames")
        set(
            "praat_voiced_fraction", track.count == 0 ? .nan : Double(voicedF0.count) / Double(track.count), noFrames)

        // Point process, jitter, shimmer.
        let doPerturbation = measures.contains(.perturbation)
        let pulses = doPerturbation ? PraatPointProcess.pulses(x, rate: fs, pitch: track, startTime: 0) : []
        let pert = PraatPerturbation(pulses: pulses, samples: x, rate: fs, parameters: p)
        let fewPulses =
            !doPerturbation
            ? notRequested
            : voicedF0.isEmpty ? noVoiced : "too few glottal pulses with usable periods (\(pulses.count) pulses)"
        set("praat_jitter_local", pert.jitterLocal, fewPulses)
        set("praat_jitter_rap", pert.jitterRap, fewPulses)
        set("praat_jitter_ppq5", pert.jitterPpq5, fewPulses)
        set("praat_shimmer_local", pert.shimmerLocal, fewPulses)
        set("praat_shimmer_local_db", pert.shimmerLocalDB, fewPulses)
        set("praat_shimmer_apq3", pert.shimmerApq3, fewPulses)

        // Harmonicity.
        let doHNR = measures.contains(.harmonicity)
        let hnr = doHNR ? try PraatHarmonicity.frames(x, rate: fs, parameters: p).filter { !$0.isNaN } : []
        set(
            "praat_hnr_cc_db", hnr.isEmpty ? .nan : Stats.mean(hnr),
            !doHNR ? notRequested : x.isEmpty ? "empty signal" : "no periodic (non-silent) harmonicity frames")

        // Intensity.
        let intensity = measures.contains(.intensity) ? PraatIntensity.frames(x, rate: fs, parameters: p) : []
        if !measures.contains(.intensity) {
            set("praat_intensity_mean_db", .nan, notRequested)
        } else if !intensity.isEmpty && intensity.allSatisfy({ $0 <= -300 }) {
            set("praat_intensity_mean_db", .nan, "the signal is digital silence (zero power in every frame)")
        } else {
            set(
                "praat_intensity_mean_db", PraatIntensity.energyMean(intensity),
                "signal shorter than the \(Int((6400 / p.intensityMinimumPitchHz).rounded())) ms intensity window")
        }

        // Formants over voiced frames.
        var fSum = [Double](repeating: 0, count: 3)
        var bSum = [Double](repeating: 0, count: 3)
        var fCount = [Int](repeating: 0, count: 3)
        if !voicedIdx.isEmpty && measures.contains(.formants) {
            let analyzer = try PraatFormantAnalyzer(
                x, rate: fs, parameters: p, times: voicedIdx.map { track.timeS[$0] })
            var roots = [(Double, Double)]()
            for f in analyzer.formants(at: voicedIdx.map { track.timeS[$0] }, previousRoots: &roots) {
                for j in 0..<min(3, f.count) {
                    fSum[j] += f[j].frequency
                    bSum[j] += f[j].bandwidth
                    fCount[j] += 1
                }
            }
        }
        for j in 0..<3 {
            let reason =
                !measures.contains(.formants)
                ? notRequested : voicedIdx.isEmpty ? noVoiced : "no F\(j + 1) found in any voiced frame"
            set("praat_f\(j + 1)_mean_hz", fCount[j] > 0 ? fSum[j] / Double(fCount[j]) : .nan, reason)
        }

        for i in track.timeS.indices { track.timeS[i] += signal.startTime }
        let features = featureNames.map { (name: $0, value: values[$0] ?? .nan) }
        let reasons = featureNames.compactMap { n in why[n].map { (name: n, reason: $0) } }
        let extras: [(name: String, value: Double)] = [
            ("praat_jitter_local_absolute_s", pert.jitterLocalAbsolute), ("praat_jitter_ddp", pert.jitterDdp),
            ("praat_shimmer_apq5", pert.shimmerApq5), ("praat_shimmer_apq11", pert.shimmerApq11),
            ("praat_shimmer_dda", pert.shimmerDda),
            ("praat_b1_mean_hz", fCount[0] > 0 ? bSum[0] / Double(fCount[0]) : .nan),
            ("praat_b2_mean_hz", fCount[1] > 0 ? bSum[1] / Double(fCount[1]) : .nan),
            ("praat_b3_mean_hz", fCount[2] > 0 ? bSum[2] / Double(fCount[2]) : .nan),
            ("praat_pulse_count", Double(pulses.count)),
        ]
        return PraatVoiceReport(
            features: features, reasons: reasons, pitch: track, extraMeasures: extras,
            pulsesS: pulses.map { $0 + signal.startTime })
    }
}
