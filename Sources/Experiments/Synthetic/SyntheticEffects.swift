/// Effect sizes linking the planted affective state to the signals (all optional in YAML; the
/// defaults below are the default corpus's and are documented in Datasets/synthetic/README.md).
///
/// State: arousal `a` ∈ [0, 1] (low < 0.5 ≤ high), valence `v` ∈ [−1, 1] (negative < 0 ≤ positive).
/// Pairs written `[x0, x1]` are the values at arousal 0 and arousal 1 (linear in between); pairs
/// called ranges are per-subject draws `[low, high]`.
public struct SyntheticEffects: Codable, Sendable, Equatable {
    /// F0 shift: semitones per unit arousal, applied as k·(a − 0.5). Default 6 (so a = 0.2 → 0.8 is +3.6 st).
    public var f0SemitonesPerArousal: Double = 6
    /// F0 shift: semitones per unit valence, applied as k·v. Default 1.
    public var f0SemitonesPerValence: Double = 1
    /// Intonation SD (semitones) at arousal 0 and 1. Default [1, 3].
    public var f0RangeSemitones: [Double] = [1, 3]
    /// Voice level change (dB) from arousal 0 to 1. Default 10.
    public var loudnessDbPerArousal: Double = 10
    /// Syllables (voiced nuclei) per second at arousal 0 and 1. Default [2.5, 5].
    public var syllableRateHz: [Double] = [2.5, 5]
    /// Aspiration-noise level relative to the glottal source at arousal 0 and 1. Default [0.3, 0.08].
    public var breathiness: [Double] = [0.3, 0.08]
    /// Range of each subject's resting heart rate (bpm). Default [60, 76].
    public var heartRateBaselineBpm: [Double] = [60, 76]
    /// Heart-rate change (bpm) from arousal 0 to 1, times the subject's reactivity. Default 20.
    public var heartRateBpmPerArousal: Double = 20
    /// Respiratory sinus arrhythmia: RR modulation amplitude (ms) at arousal 0 and 1. Default [50, 15].
    public var rsaAmplitudeMs: [Double] = [50, 15]
    /// Skin-conductance responses per minute at arousal 0 and 1. Default [1, 9].
    public var scrPerMin: [Double] = [1, 9]
    /// Breaths per minute at arousal 0 and 1. Default [11, 20].
    public var respirationPerMin: [Double] = [11, 20]
    /// Multiplier on every affect-driven AU target intensity. Default 1.
    public var auGain: Double = 1
    /// Range of each subject's facial expressivity (multiplies AU targets). Default [0.6, 1.4].
    public var expressivity: [Double] = [0.6, 1.4]
    /// Range of each subject's autonomic reactivity (multiplies HR, SCR-rate and F0 effects). Default [0.7, 1.3].
    public var reactivity: [Double] = [0.7, 1.3]

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case f0SemitonesPerArousal = "f0_semitones_per_arousal"
        case f0SemitonesPerValence = "f0_semitones_per_valence"
        case f0RangeSemitones = "f0_range_semitones"
        case loudnessDbPerArousal = "loudness_db_per_arousal"
        case syllableRateHz = "syllable_rate_hz"
        case breathiness
        case heartRateBaselineBpm = "heart_rate_baseline_bpm"
        case heartRateBpmPerArousal = "heart_rate_bpm_per_arousal"
        case rsaAmplitudeMs = "rsa_amplitude_ms"
        case scrPerMin = "scr_per_min"
        case respirationPerMin = "respiration_per_min"
        case auGain = "au_gain"
        case expressivity, reactivity
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SyntheticEffects()
        f0SemitonesPerArousal =
            try c.decodeIfPresent(Double.self, forKey: .f0SemitonesPerArousal) ?? d.f0SemitonesPerArousal
        f0SemitonesPerValence =
            try c.decodeIfPresent(Double.self, forKey: .f0SemitonesPerValence) ?? d.f0SemitonesPerValence
        f0RangeSemitones = try c.decodeIfPresent([Double].self, forKey: .f0RangeSemitones) ?? d.f0RangeSemitones
        loudnessDbPerArousal =
            try c.decodeIfPresent(Double.self, forKey: .loudnessDbPerArousal) ?? d.loudnessDbPerArousal
        syllableRateHz = try c.decodeIfPresent([Double].self, forKey: .syllableRateHz) ?? d.syllableRateHz
        breathiness = try c.decodeIfPresent([Double].self, forKey: .breathiness) ?? d.breathiness
        heartRateBaselineBpm =
            try c.decodeIfPresent([Double].self, forKey: .heartRateBaselineBpm) ?? d.heartRateBaselineBpm
        heartRateBpmPerArousal =
            try c.decodeIfPresent(Double.self, forKey: .heartRateBpmPerArousal) ?? d.heartRateBpmPerArousal
        rsaAmplitudeMs = try c.decodeIfPresent([Double].self, forKey: .rsaAmplitudeMs) ?? d.rsaAmplitudeMs
        scrPerMin = try c.decodeIfPresent([Double].self, forKey: .scrPerMin) ?? d.scrPerMin
        respirationPerMin = try c.decodeIfPresent([Double].self, forKey: .respirationPerMin) ?? d.respirationPerMin
        auGain = try c.decodeIfPresent(Double.self, forKey: .auGain) ?? d.auGain
        expressivity = try c.decodeIfPresent([Double].self, forKey: .expressivity) ?? d.expressivity
        reactivity = try c.decodeIfPresent([Double].self, forKey: .reactivity) ?? d.reactivity
    }

    func validate(
        fail: (String, String) -> SyntheticCorpusError,
        range: ([Double], String, Double, Double) throws(SyntheticCorpusError) -> Void
    ) throws(SyntheticCorpusError) {
        func pair(_ x: [Double], _ key: String, _ lo: Double, _ hi: Double) throws(SyntheticCorpusError) {
            guard x.count == 2 else {
                throw fail("effects.\(key)", "expected [at arousal 0, at arousal 1], got \(x.count) values")
            }
            guard x.allSatisfy({ $0.isFinite && $0 >= lo && $0 <= hi }) else {
                throw fail("effects.\(key)", "values \(x) must lie in [\(lo), \(hi)]")
            }
        }
        func scalar(_ x: Double, _ key: String, _ lo: Double, _ hi: Double) throws(SyntheticCorpusError) {
            guard x.isFinite, x >= lo, x <= hi else { throw fail("effects.\(key)", "\(x); expected \(lo)…\(hi)") }
        }
        try scalar(f0SemitonesPerArousal, "f0_semitones_per_arousal", -24, 24)
        try scalar(f0SemitonesPerValence, "f0_semitones_per_valence", -24, 24)
        try pair(f0RangeSemitones, "f0_range_semitones", 0, 12)
        try scalar(loudnessDbPerArousal, "loudness_db_per_arousal", -30, 30)
        try pair(syllableRateHz, "syllable_rate_hz", 0.5, 10)
        try pair(breathiness, "breathiness", 0, 2)
        try range(heartRateBaselineBpm, "effects.heart_rate_baseline_bpm", 30, 160)
        try scalar(heartRateBpmPerArousal, "heart_rate_bpm_per_arousal", -40, 60)
        try pair(rsaAmplitudeMs, "rsa_amplitude_ms", 0, 200)
        try pair(scrPerMin, "scr_per_min", 0, 20)
        try pair(respirationPerMin, "respiration_per_min", 4, 40)
        try scalar(auGain, "au_gain", 0, 3)
        try range(expressivity, "effects.expressivity", 0, 3)
        try range(reactivity, "effects.reactivity", 0, 3)
    }
}
